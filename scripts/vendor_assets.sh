#!/usr/bin/env bash
# Refresh static/vendor/ from the npm registry at the versions of package.json.
# Run by hand when upgrading an asset; the copies are committed so that a fresh
# clone needs neither Node nor the network to serve its pages.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
version() { python3 -c "import json,sys;print(json.load(open('package.json'))['dependencies'][sys.argv[1]])" "$1"; }
( cd "$tmp" && for name in bootstrap htmx.org sortablejs axe-core; do npm pack --silent "$name@$(cd - >/dev/null; version $name)" >/dev/null; done )
for f in "$tmp"/*.tgz; do mkdir -p "${f%.tgz}" && tar xzf "$f" -C "${f%.tgz}"; done
cp "$tmp"/bootstrap-*/package/dist/css/bootstrap.min.css "$tmp"/bootstrap-*/package/dist/js/bootstrap.bundle.min.js static/vendor/bootstrap/
cp "$tmp"/htmx.org-*/package/dist/htmx.min.js static/vendor/htmx/
cp "$tmp"/sortablejs-*/package/Sortable.min.js static/vendor/sortablejs/
cp "$tmp"/axe-core-*/package/axe.min.js tests/e2e/vendor/
echo "static/vendor refreshed"
