"""Drawn profile pictures for the demo people: initials on a coloured, patterned square.

The same username always gives the same picture (colours and shapes come from its hash).
The pictures then go through the people app's avatar processing like any upload.
"""

import colorsys
import hashlib
from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

SIZE = 256
FONT_SIZE = 104
# DejaVu has Æ, Ø, Å and accents; Pillow's built-in font is the fallback (ASCII only).
FONT_FILES = ("DejaVuSans-Bold.ttf", "DejaVuSans.ttf", "LiberationSans-Bold.ttf")
ASCII_FALLBACK = str.maketrans({"Æ": "A", "Ø": "O", "Å": "A", "É": "E", "Ö": "O", "Ä": "A"})


def _font() -> tuple[ImageFont.FreeTypeFont | ImageFont.ImageFont, bool]:
    for name in FONT_FILES:
        try:
            return ImageFont.truetype(name, FONT_SIZE), True
        except OSError:
            continue
    return ImageFont.load_default(size=FONT_SIZE), False


def initials(name: str) -> str:
    parts = [part for part in name.replace("-", " ").split() if part[:1].isalpha()]
    if not parts:
        return "?"
    letters = parts[0][0] + (parts[-1][0] if len(parts) > 1 else "")
    return letters.upper()


def _colour(hue: float, lightness: float, saturation: float) -> tuple[int, int, int]:
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return round(red * 255), round(green * 255), round(blue * 255)


def draw_avatar(seed: str, name: str) -> bytes:
    """A PNG: a dark-enough background for white initials, with a few soft shapes."""
    digest = hashlib.sha256(seed.encode()).digest()
    hue = digest[0] / 255
    background = _colour(hue, 0.3, 0.55)
    accent = _colour((hue + 0.08) % 1, 0.38, 0.5)
    image = Image.new("RGB", (SIZE, SIZE), background)
    draw = ImageDraw.Draw(image)
    for index in range(3):
        x, y, radius = digest[1 + index * 3], digest[2 + index * 3], 40 + digest[3 + index * 3] % 80
        if digest[10 + index] % 2:
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=accent)
        else:
            draw.rectangle((x - radius, y - radius, x + radius, y + radius), fill=accent)
    font, unicode_font = _font()
    text = initials(name)
    if not unicode_font:
        text = text.translate(ASCII_FALLBACK)
    draw.text((SIZE / 2, SIZE / 2), text, font=font, fill=(255, 255, 255), anchor="mm")
    out = BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
