#!/usr/bin/env bash
# Builds the libFuzzer targets with AddressSanitizer and UndefinedBehaviorSanitizer, seeds them
# with a small generated corpus and runs each for SECONDS. Exits non-zero when a target does not
# build, crashes, trips a sanitizer, leaks or hangs (one input over 10 s).
#
# usage: run_fuzzers.sh SOURCE_DIR BUILD_DIR SECONDS [csv] [payload]
#   With no target names, runs all. The compiler is $CLANGXX, else clang++.
#   Crashing inputs are kept in BUILD_DIR/fuzz_<target>/crashes/; replay one with
#   BUILD_DIR/fuzz_<target>/fuzz_<target> FILE
set -euo pipefail

if [ $# -lt 3 ]; then
    echo "usage: $0 SOURCE_DIR BUILD_DIR SECONDS [csv] [payload]" >&2
    exit 2
fi
src=$(cd "$1" && pwd)
mkdir -p "$2"
build=$(cd "$2" && pwd)
seconds=$3
shift 3
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(csv payload)
cxx=${CLANGXX:-clang++}
flags=(-std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -I "$src")

# ---- seed corpora ----

seed_csv() {
    local dir=$1
    printf 'name,email,type\r\nAda Lovelace,ada@example.org,VIP\r\n"Lovelace, Ada","a@b.org",general\r\n' >"$dir/valid.csv"
    printf 'name,email,type\r\n' >"$dir/header_only.csv"
    printf '\xEF\xBB\xBFName;E-Mail;Ticket Type\nJos\xC3\xA9;jose@example.es;\n\xE6\x9D\x8E\xE9\x9B\xB7;;VIP\n' >"$dir/bom_semicolon.csv"
    printf 'First Name\tLast Name\nAda\tLovelace\n\n"multi\nline"\t"say ""hi"""\n' >"$dir/tabs_quotes.csv"
    printf 'name,email\n,bob@\nCy,"unclosed\n' >"$dir/problems.csv"
}

crockford=0123456789ABCDEFGHJKMNPQRSTVWXYZ

# N random characters of ALPHABET.
random_chars() {
    local alphabet=$1 n=$2 out="" i
    for ((i = 0; i < n; i++)); do out+=${alphabet:$((RANDOM % ${#alphabet})):1}; done
    printf '%s' "$out"
}

# Genuine signed codes come from payload_seeds (the real codec, so they always match the
# format); the variations around them are built here from the alphabet.
seed_payload() {
    local dir=$1 valid length
    valid=$("$build/fuzz_payload/payload_seeds" "$dir" | head -n 1)
    length=${#valid}
    [ "$length" -gt 3 ] || { echo "payload_seeds wrote no code" >&2; exit 2; }
    printf '  %s\r\n' "$(printf '%s' "$valid" | tr 'A-Z' 'a-z')" >"$dir/lower_spaced"
    printf 'QG1%s' "$(random_chars $crockford $((length - 3)))" >"$dir/unsigned_random"
    printf 'QG1%s' "$(printf '0%.0s' $(seq 4 "$length"))" >"$dir/zeros"
    printf '%s' "${valid:0:$((length - 1))}" >"$dir/short"
    printf '%sQ' "$valid" >"$dir/long"
    printf 'QG2%s' "${valid:3}" >"$dir/newer_version"
    printf '%sU%s' "${valid:0:5}" "${valid:6}" >"$dir/not_crockford"
    printf 'https://example.org/ticket/123' >"$dir/other_app"
}

# The core .cpp files a fuzzer needs: the one beside each core header it includes, directly or
# through those .cpp files and headers, so the list follows the code as it is refactored.
core_sources() {
    local -a queue=("$1")
    local -A seen=()
    local file inc
    while [ ${#queue[@]} -gt 0 ]; do
        file=${queue[0]}
        queue=("${queue[@]:1}")
        [ -f "$file" ] || continue
        for inc in $(sed -nE 's@^[[:space:]]*#[[:space:]]*include[[:space:]]*"(core/[^"]+)\.hpp".*@\1@p' "$file"); do
            [ -n "${seen[$inc]:-}" ] && continue
            seen[$inc]=1
            queue+=("$src/$inc.hpp")
            if [ -f "$src/$inc.cpp" ]; then
                echo "$src/$inc.cpp"
                queue+=("$src/$inc.cpp")
            fi
        done
    done
}

# ---- build and run ----

failed=()
for target in "${targets[@]}"; do
    fuzzer=$src/tests/fuzz/fuzz_$target.cpp
    if [ ! -f "$fuzzer" ]; then
        echo "unknown fuzz target '$target': no $fuzzer" >&2
        exit 2
    fi
    dir=$build/fuzz_$target
    rm -rf "$dir/seeds"  # regenerated each run, so they follow the current format
    mkdir -p "$dir/corpus" "$dir/seeds" "$dir/crashes"
    mapfile -t sources < <(core_sources "$fuzzer")
    libs=()
    includes=()
    if [ ${#sources[@]} -gt 0 ] && grep -q '<sodium.h>' "${sources[@]}"; then libs=(-lsodium); fi
    # core/base/text_fold (name folding, which the attendee import uses) is GLib's.
    if [ ${#sources[@]} -gt 0 ] && grep -q '<glib.h>' "${sources[@]}"; then
        read -ra includes <<<"$(pkg-config --cflags glib-2.0)"
        read -ra glib <<<"$(pkg-config --libs glib-2.0)"
        libs+=("${glib[@]}")
    fi

    echo "== fuzz_$target: building with $cxx from ${sources[*]#"$src/"}"
    if ! "$cxx" "${flags[@]}" "${includes[@]}" "$fuzzer" "${sources[@]}" -o "$dir/fuzz_$target" "${libs[@]}"; then
        echo "== fuzz_$target: BUILD FAILED" >&2
        failed+=("$target (build)")
        continue
    fi
    if [ "$target" = payload ] && ! "$cxx" -std=c++20 -O1 -I "$src" "${includes[@]}" "$src/tests/fuzz/payload_seeds.cpp" \
            "${sources[@]}" -o "$dir/payload_seeds" "${libs[@]}"; then
        echo "== fuzz_$target: BUILD FAILED (seed generator)" >&2
        failed+=("$target (build)")
        continue
    fi

    "seed_$target" "$dir/seeds"
    echo "== fuzz_$target: running for ${seconds}s"
    # New inputs go to corpus/ (kept between runs, so coverage builds up); seeds/ is read only.
    if "$dir/fuzz_$target" -max_total_time="$seconds" -timeout=10 -max_len=8192 \
            -print_final_stats=1 -artifact_prefix="$dir/crashes/" "$dir/corpus" "$dir/seeds"; then
        echo "== fuzz_$target: no crash in ${seconds}s"
    else
        echo "== fuzz_$target: FAILED; crashing input in $dir/crashes/" >&2
        failed+=("$target")
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzers failed: ${failed[*]}" >&2
    exit 1
fi
