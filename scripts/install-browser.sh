#!/usr/bin/env bash
# Installs Debian's Chromium and its matching chromedriver for the browser tests
# (tests/test_browser.py drives /usr/bin/chromium through Selenium). Never downloads a
# browser build of its own. Idempotent: does nothing when both are already there.
set -euo pipefail

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
    exit 0
fi
if ! command -v apt-get >/dev/null; then
    echo "install-browser.sh: no apt-get here; install chromium and chromium-driver yourself" >&2
    exit 1
fi
SUDO=""
if [[ "$(id -u)" != 0 ]]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core \
    >/dev/null
echo "install-browser.sh: $(/usr/bin/chromium --version 2>/dev/null)"
