#!/bin/sh
# The app command of cdk8s.yaml (README "Speed"). Runs main.ts from
# build/app.blob, a V8 startup snapshot of main.ts bundled by esbuild with its
# packages already loaded, or from the bundle build/app.js when Node.js cannot
# make the snapshot. scripts/build-app.js makes both; the app checks its sources
# on every run and rebuilds itself when one changed. Type checking is
# `npm run typecheck` (part of `npm test`).
# The project root, from this script's path, without spawning a process.
case "$0" in
  */*) root="${0%/*}/.." ;;
  *) root=.. ;;
esac
build="$root/build"
if [ ! -f "$build/app.js" ]; then
  node "$root/scripts/build-app.js" || exit 1
fi
if [ -f "$build/app.blob" ]; then
  node --snapshot-blob "$build/app.blob" "$root"
  status=$?
  # 14: Node.js could not load the snapshot (made by another Node.js version, or
  # with other V8 flags in NODE_OPTIONS); remake it.
  [ "$status" -eq 14 ] || exit "$status"
  node "$root/scripts/build-app.js" || exit 1
  if [ -f "$build/app.blob" ]; then
    exec node --snapshot-blob "$build/app.blob" "$root"
  fi
fi
exec node "$build/app.js" "$root"
