#!/bin/sh
# Entry point of number-jam's OpenALPR container: ONE long-lived alpr serves every frame of a video.
#
# Usage: number-jam-alpr COUNTRY TOPN      (e.g. `us 5`, `eu 5`; COUNTRY is an OpenALPR config name)
#
# `alpr -j ... stdin` loads its models once (about 0.25 s) and then reads one image path per line on
# stdin, printing one JSON line per image on stdout. A path that does not exist prints
# "Image file not found: PATH" on stderr and NO JSON line, so number-jam sends one path at a time and
# waits for its answer. Closing stdin ends alpr and so the container.
set -eu

country=${1:-us}
topn=${2:-5}

case $country in
  '' | *[!a-z0-9]*) echo "number-jam-alpr: invalid OpenALPR country config '$country'" >&2; exit 64 ;;
esac
case $topn in
  '' | *[!0-9]*) echo "number-jam-alpr: invalid top-N '$topn'" >&2; exit 64 ;;
esac

# A clear message for a config this OpenALPR build does not have (alpr itself only says "Error loading").
for dir in /usr/share/openalpr/runtime_data/config /usr/local/share/openalpr/runtime_data/config; do
  if [ -d "$dir" ]; then
    if [ ! -f "$dir/$country.conf" ]; then
      echo "number-jam-alpr: OpenALPR has no country config '$country' (available: $(cd "$dir" && ls | sed -n 's/\.conf$//p' | tr '\n' ' '))" >&2
      exit 64
    fi
    break
  fi
done

exec alpr -j -c "$country" -n "$topn" stdin
