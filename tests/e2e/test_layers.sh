#!/usr/bin/env bash
# The build enforces the stages (docs/design.md): each stage compiles against
# build/include/<stage>/, which holds only itself and the stages below it. An
# include of a header of a higher stage must not compile; one of a lower stage
# must.
set -euo pipefail
taskdoc=$1
inc=$(dirname "$taskdoc")/include
cc=${CC:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# stage: the headers it may include (itself and below)
declare -A uses=(
	[core]="core/core.h"
	[model]="core/core.h model/model.h"
	[load]="core/core.h model/model.h load/load.h"
	[analyze]="core/core.h model/model.h analyze/analyze.h"
	[view]="model/model.h analyze/analyze.h view/view.h view/sitemap.h"
	[render]="analyze/analyze.h view/view.h render/outset.h render/template/template.h"
	[site]="view/sitemap.h render/outset.h site/site.h"
	[serve]="core/core.h serve/serve.h"
)
# a header of each stage
declare -A header=([model]=model/model.h [load]=load/load.h [analyze]=analyze/analyze.h [view]=view/view.h
	[render]=render/outset.h [site]=site/site.h [cmd]=cmd/cmd.h
	[serve]=serve/serve.h)
# what each stage must not see
declare -A above=([core]="model load analyze view render site serve cmd"
	[model]="load analyze view render site serve cmd" [load]="analyze view render site serve cmd"
	[analyze]="load view render site serve cmd" [view]="load render site serve cmd" [render]="load site serve cmd"
	[site]="load analyze serve cmd" [serve]="model load analyze view render site cmd")
pass=0 fail=0
compile() { # stage header
	printf '#include "%s"\nint td_layers_probe;\n' "$2" > "$tmp/probe.c"
	"$cc" -std=c11 -fsyntax-only $(pkg-config --cflags jansson) -I"$inc/$1" "$tmp/probe.c" 2> "$tmp/err"
}
for stage in "${!uses[@]}"; do
	[ -d "$inc/$stage" ] || { echo "not ok - $inc/$stage is missing"; fail=$((fail + 1)); continue; }
	for h in ${uses[$stage]}; do
		if compile "$stage" "$h"; then pass=$((pass + 1)); else
			echo "not ok - $stage cannot include $h:"; cat "$tmp/err"; fail=$((fail + 1)); fi
	done
	for other in ${above[$stage]}; do
		if compile "$stage" "${header[$other]}"; then
			echo "not ok - $stage can include ${header[$other]} (stage $other)"; fail=$((fail + 1))
		else pass=$((pass + 1)); fi
	done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
