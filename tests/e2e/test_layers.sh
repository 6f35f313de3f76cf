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

# Calls, too: every taskdoc symbol a stage's library uses is defined by the
# stage itself or by a stage it may use (an extern declaration written by
# hand would get past the include folders, not past this).
lib=$(dirname "$taskdoc")
declare -A calls=([core]="" [model]="core" [load]="core model" [analyze]="core model"
	[view]="core model analyze" [render]="core model analyze view" [site]="core model view render"
	[serve]="core")
if command -v nm >/dev/null; then
	for stage in "${!calls[@]}"; do
		[ -f "$lib/libtd_$stage.a" ] || { echo "not ok - $lib/libtd_$stage.a is missing"; fail=$((fail + 1)); continue; }
		nm --defined-only "$lib/libtd_$stage.a" 2>/dev/null | awk 'NF == 3 { print $3 }' | sort -u >"$tmp/def"
		for dep in ${calls[$stage]}; do
			nm --defined-only "$lib/libtd_$dep.a" 2>/dev/null | awk 'NF == 3 { print $3 }'
		done | sort -u >>"$tmp/def"
		sort -u -o "$tmp/def" "$tmp/def"
		nm -u "$lib/libtd_$stage.a" 2>/dev/null | awk '{ print $NF }' | grep '^td_' | sort -u >"$tmp/undef"
		bad=$(comm -23 "$tmp/undef" "$tmp/def" | grep -v '^td_embedded$' || true)
		if [ -z "$bad" ]; then pass=$((pass + 1)); else
			echo "not ok - $stage calls what it may not: $(echo $bad)"; fail=$((fail + 1)); fi
	done
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
