# a 9 MB evidence file: refused before it is read
mkdir -p content/evidence/benchmark
{ printf '{"kind": "benchmark", "suite": "s", "run_at": "2025-11-07T11:30:00Z", "results": [\n'
  yes '{"name": "r", "value": 1, "unit": "s"},' | head -c 9437184
  printf '{"name": "last", "value": 1, "unit": "s"}]}\n'; } > content/evidence/benchmark/big.json
