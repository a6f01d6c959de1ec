"""A scanned page's image before OCR: which way up it is, and how far it is skewed."""

from __future__ import annotations

import math
import re

import pytesseract
from PIL import Image

# Tesseract's orientation detection runs on the page scaled down to this width: at half the
# width of a 300-dpi letter page it finds the same orientation in about a third of the time.
OSD_WIDTH = 1275
# Below this confidence (Tesseract's own scale; 2-5 on clearly printed pages that are turned)
# the page is left as it is.
MIN_ORIENTATION_CONFIDENCE = 1.5
QUARTER_TURNS = (0, 90, 180, 270)
# Skew is searched within this many degrees each way, first coarsely, then finely.
MAX_SKEW_DEGREES = 4.0
COARSE_STEP = 0.5
FINE_STEP = 0.1
SKEW_WIDTH = 700
# Smaller skews than this are not corrected: Tesseract reads them as well unrotated.
MIN_SKEW_DEGREES = 0.2
_ROTATE = re.compile(r"^Rotate:\s*(\d+)", re.MULTILINE)
_CONFIDENCE = re.compile(r"^Orientation confidence:\s*([\d.]+)", re.MULTILINE)


def detect_rotation(image: Image.Image, timeout: float = 30.0) -> int:
    """The clockwise quarter turn (0, 90, 180 or 270 degrees) that puts the page's text upright,
    by Tesseract's orientation detection; 0 when it finds too little text to tell."""
    small = image
    if image.width > OSD_WIDTH:
        height = max(1, round(image.height * OSD_WIDTH / image.width))
        small = image.resize((OSD_WIDTH, height), Image.Resampling.BILINEAR)
    try:
        report = pytesseract.image_to_osd(small, config="--psm 0", timeout=timeout)
    except (RuntimeError, OSError):  # too few characters, no OSD data, a timeout
        return 0
    rotate, confidence = _ROTATE.search(report), _CONFIDENCE.search(report)
    if rotate is None or confidence is None:
        return 0
    turn = int(rotate.group(1)) % 360
    if turn not in QUARTER_TURNS or float(confidence.group(1)) < MIN_ORIENTATION_CONFIDENCE:
        return 0
    return turn


def turn_upright(image: Image.Image, rotation: int) -> Image.Image:
    """`image` turned `rotation` degrees clockwise."""
    if rotation % 360 == 0:
        return image
    return image.rotate(-rotation, expand=True)


def _row_profile_score(ink: Image.Image, angle: float) -> float:
    """How sharply the text lines stand out when `ink` is turned by `angle` degrees: the
    variance of the rows' ink (lines of text and the gaps between them alternate)."""
    turned = ink.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0)
    column = turned.resize((1, turned.height), Image.Resampling.BOX)
    rows = list(column.tobytes())  # one byte a row: `ink` is 8-bit grey
    mean = sum(rows) / len(rows)
    return sum((value - mean) ** 2 for value in rows) / len(rows)


def skew_angle(image: Image.Image) -> float:
    """The angle (degrees, counter-clockwise) that levels the page's text lines; 0.0 when the
    page is level or holds too little text to tell."""
    gray = image.convert("L")
    if gray.width > SKEW_WIDTH:
        height = max(1, round(gray.height * SKEW_WIDTH / gray.width))
        gray = gray.resize((SKEW_WIDTH, height), Image.Resampling.BOX)
    ink = gray.point(lambda value: 255 if value < 128 else 0)
    if not ink.getbbox():
        return 0.0

    def best(candidates: list[float]) -> float:
        return max(candidates, key=lambda angle: (_row_profile_score(ink, angle), -abs(angle)))

    steps = round(MAX_SKEW_DEGREES / COARSE_STEP)
    coarse = best([step * COARSE_STEP for step in range(-steps, steps + 1)])
    fine_steps = round(COARSE_STEP / FINE_STEP)
    fine = best([coarse + step * FINE_STEP for step in range(-fine_steps, fine_steps + 1)])
    return round(fine, 2) if abs(fine) >= MIN_SKEW_DEGREES else 0.0


def deskew(image: Image.Image, angle: float) -> Image.Image:
    """`image` turned `angle` degrees counter-clockwise about its centre, same size, the
    uncovered corners white."""
    if angle == 0.0:
        return image
    return image.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)


def unturn_point(
    x: float, y: float, angle: float, width: float, height: float
) -> tuple[float, float]:
    """Where the point (x, y) of a page image deskewed by `angle` lies on the image as scanned
    (both `width` x `height`, origin top-left, y down)."""
    radians = math.radians(angle)
    cx, cy = width / 2, height / 2
    dx, dy = x - cx, y - cy
    # PIL turns counter-clockwise on screen (y down): undo it by turning the other way.
    return (
        cx + dx * math.cos(radians) - dy * math.sin(radians),
        cy + dx * math.sin(radians) + dy * math.cos(radians),
    )
