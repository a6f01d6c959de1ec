#!/usr/bin/env bash
# Set up everything foia-search needs: system packages (when root), a virtual environment,
# and the Python dependencies. Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
PYTHON=${PYTHON:-python3}
SYSTEM_PACKAGES=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd poppler-utils chromium fonts-dejavu-core)

missing_system_packages() {
    local missing=()
    command -v tesseract >/dev/null || missing+=(tesseract-ocr)
    [ -n "$(ls /usr/share/tesseract-ocr/*/tessdata/eng.traineddata 2>/dev/null)" ] \
        || missing+=(tesseract-ocr-eng)
    # Orientation and script detection: scans turned sideways or upside down are read upright.
    [ -n "$(ls /usr/share/tesseract-ocr/*/tessdata/osd.traineddata 2>/dev/null)" ] \
        || missing+=(tesseract-ocr-osd)
    command -v pdftotext >/dev/null || missing+=(poppler-utils)
    [ -x /usr/bin/chromium ] || missing+=(chromium)
    echo "${missing[@]:-}"
}

install_system_packages() {
    local missing
    missing=$(missing_system_packages)
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "setup: installing system packages: $missing"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${SYSTEM_PACKAGES[@]}" >/dev/null
    else
        echo "setup: WARNING: missing system packages: $missing" >&2
        echo "setup: install them with: sudo apt-get install ${SYSTEM_PACKAGES[*]}" >&2
        echo "setup: without tesseract scanned pages are not read (OCR);" \
             "without chromium the browser tests are skipped." >&2
    fi
}

install_python_packages() {
    local stamp="$VENV/.installed"
    if [ ! -x "$VENV/bin/python" ]; then
        echo "setup: creating virtual environment in $VENV"
        "$PYTHON" -m venv "$VENV"
    fi
    if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        echo "setup: installing Python dependencies"
        "$VENV/bin/python" -m pip install -q --upgrade pip
        "$VENV/bin/python" -m pip install -q -e '.[test]'
        touch "$stamp"
    fi
}

install_system_packages
install_python_packages
