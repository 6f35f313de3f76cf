# bash completion for taskdoc                                 -*- shell-script -*-
# Installed to share/bash-completion/completions/taskdoc by cmake --install.

# the plan's workstream ids: the id: line of each file in content/workstreams
# (or in the content folder taskdoc.yaml names)
_taskdoc_workstreams()
{
    local content=content
    if [[ -f taskdoc.yaml ]]; then
        local c
        c=$(sed -n 's/^content:[[:space:]]*\([^#[:space:]]*\).*/\1/p' taskdoc.yaml)
        [[ -n $c ]] && content=$c
    fi
    sed -n 's/^id:[[:space:]]*["'\'']\{0,1\}\([a-z0-9.-]*\).*/\1/p' "$content"/workstreams/*.y*ml 2>/dev/null
}

# this ISO week and the twelve before it
_taskdoc_weeks()
{
    local i
    for i in $(seq 0 12); do date -d "-$i week" +%G-W%V 2>/dev/null; done
}

_taskdoc()
{
    local cur prev words cword
    _init_completion 2>/dev/null || {
        cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}
        words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD
    }
    local commands="check export build graph burndown report archive import init serve schema help"
    local global="-C --config --as-of --rev --help --version"
    local cmd="" i
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            -C|--config|--as-of|--rev) ((i++)) ;;
            -*) ;;
            *) cmd=${words[i]}; break ;;
        esac
    done
    case $prev in
        -C) COMPREPLY=($(compgen -d -- "$cur")); return ;;
        --config) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        -o|--output) [[ $cmd == import ]] && COMPREPLY=($(compgen -d -- "$cur")) || COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --name) return ;;
        --as-of|--rev|--port|--bind|--node-limit|--phase|--before) return ;;
        --workstream) COMPREPLY=($(compgen -W "$(_taskdoc_workstreams)" -- "$cur")); return ;;
        --week) COMPREPLY=($(compgen -W "$(_taskdoc_weeks)" -- "$cur")); return ;;
        --level) COMPREPLY=($(compgen -W "task phase workstream" -- "$cur")); return ;;
        --links) COMPREPLY=($(compgen -W "html directory markdown" -- "$cur")); return ;;
        --by) COMPREPLY=($(compgen -W "hours tasks" -- "$cur")); return ;;
        --format)
            case $cmd in
                check) COMPREPLY=($(compgen -W "text github json" -- "$cur")) ;;
                export) COMPREPLY=($(compgen -W "json" -- "$cur")) ;;
                graph) COMPREPLY=($(compgen -W "svg dot" -- "$cur")) ;;
                burndown) COMPREPLY=($(compgen -W "svg csv json" -- "$cur")) ;;
            esac
            return ;;
    esac
    local opts=""
    case $cmd in
        "") COMPREPLY=($(compgen -W "$commands $global" -- "$cur")); return ;;
        check) opts="--format --help" ;;
        export) opts="--format --help" ;;
        build) opts="--quiet --check --help" ;;
        graph) opts="--workstream --level --format --links --node-limit -o --help" ;;
        burndown) opts="--workstream --by --format --help" ;;
        report) [[ $prev == report ]] && { COMPREPLY=($(compgen -W "weekly" -- "$cur")); return; }
                opts="--week --help" ;;
        archive) opts="--workstream --phase --before --dry-run --help" ;;
        import) [[ $cur == -* ]] || { COMPREPLY=($(compgen -f -X '!*.md' -- "$cur") $(compgen -d -- "$cur")); return; }
                opts="-o --output --force --history --name --help" ;;
        init) COMPREPLY=($(compgen -d -- "$cur")); return ;;
        serve) opts="--port --bind --open --help" ;;
        schema) opts="project workstream config evidence --help" ;;
        help) COMPREPLY=($(compgen -W "$commands" -- "$cur")); return ;;
    esac
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}
complete -F _taskdoc taskdoc
