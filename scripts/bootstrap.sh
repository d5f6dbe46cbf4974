#!/usr/bin/env bash
# Installs whatever is missing, and only that: Debian packages, uv, the virtual environment and
# the locked Python packages. Safe to run again: a second run changes nothing and takes a second.
#   scripts/bootstrap.sh run    # what `qualiopi-review run` needs
#   scripts/bootstrap.sh test   # plus what the test suite needs (Chromium, Ghostscript)
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-run}"
debian_packages=(tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng tesseract-ocr-osd)
if [ "$mode" = "test" ]; then
    debian_packages+=(chromium ghostscript)
fi

missing=()
for package in "${debian_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v uv >/dev/null 2>&1; then
    echo "Installing uv"
    python3 -m pip install --quiet uv
fi

# Constraints pin every tested version: an unpinned resolve picked a FastAPI that breaks Prefect's server.
stamp=".venv/.installed-$(cat pyproject.toml constraints.txt scripts/bootstrap.sh | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    echo "Installing Python packages into .venv (locked by constraints.txt)"
    [ -x .venv/bin/python ] || uv venv --quiet --python 3.11 .venv
    # A path entry (compat mode), not an import hook: Dask workers keep a "storage" folder on sys.path,
    # which an import hook would let shadow this project's `storage` package.
    VIRTUAL_ENV="$PWD/.venv" uv pip install --quiet --compile-bytecode -c constraints.txt \
        --config-settings editable_mode=compat -e ".[dev]"
    rm -f .venv/.installed-*
    touch "$stamp"
fi
