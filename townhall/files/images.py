"""Pictures: the avatar pipeline (townhall.people.avatars) generalised to attachments.

Run in the background (tasks.process_attachment) once per upload:

- the stored picture is replaced by a clean copy: turned upright from its EXIF orientation,
  then re-encoded from the decoded pixels without any metadata (EXIF with GPS position,
  XMP, comments, anything hidden after the image data); animations keep every frame;
- a display size (at most DISPLAY px on the long side) and a thumbnail (at most THUMB px)
  are written as WebP; an animated GIF or WebP stays animated in both.
"""

from io import BytesIO

from PIL import Image, ImageOps, ImageSequence

DISPLAY = 1600
THUMB = 400
SAVE_FORMAT = {"JPEG": "JPEG", "PNG": "PNG", "GIF": "GIF", "WEBP": "WEBP", "AVIF": "AVIF"}


def _upright(frame: Image.Image, orientation_source: Image.Image) -> Image.Image:
    frame = frame.copy()
    exif = orientation_source.getexif()
    if exif.get(0x0112, 1) != 1:
        frame.info["exif"] = exif.tobytes()
        frame = ImageOps.exif_transpose(frame) or frame
    return frame


def _mode(frame: Image.Image) -> Image.Image:
    alpha = frame.mode in ("RGBA", "LA", "PA") or "transparency" in frame.info
    return frame.convert("RGBA" if alpha else "RGB")


def _frames(image: Image.Image) -> tuple[list[Image.Image], list[int]]:
    frames, durations = [], []
    for frame in ImageSequence.Iterator(image):
        durations.append(int(frame.info.get("duration", 100) or 100))
        frames.append(_mode(_upright(frame, image)))
    return frames, durations


def _encode(frames, durations, fmt: str, loop: int, **options) -> bytes:
    out = BytesIO()
    if len(frames) > 1:
        frames[0].save(
            out,
            format=fmt,
            save_all=True,
            append_images=frames[1:],
            duration=durations,
            loop=loop,
            **options,
        )
    else:
        frames[0].save(out, format=fmt, **options)
    return out.getvalue()


def _shrunk(frames: list[Image.Image], side: int) -> list[Image.Image]:
    result = []
    for frame in frames:
        copy = frame.copy()
        copy.thumbnail((side, side), Image.Resampling.LANCZOS)
        result.append(copy)
    return result


def renditions(data: bytes) -> dict:
    """{"clean": bytes, "display": webp bytes, "thumb": webp bytes, width, height, animated}."""
    with Image.open(BytesIO(data)) as image:
        fmt = SAVE_FORMAT[image.format]
        loop = int(image.info.get("loop", 0) or 0)
        frames, durations = _frames(image)
    animated = len(frames) > 1
    if fmt == "GIF":
        clean_frames = [
            f.convert("RGBA").convert("P", palette=Image.Palette.ADAPTIVE) for f in frames
        ]
        clean = _encode(clean_frames, durations, "GIF", loop, optimize=False)
    elif fmt == "JPEG":
        clean = _encode([f.convert("RGB") for f in frames], durations, "JPEG", loop, quality=92)
    else:
        clean = _encode(frames, durations, fmt, loop)
    display = _encode(_shrunk(frames, DISPLAY), durations, "WEBP", loop, quality=85, method=4)
    thumb = _encode(_shrunk(frames, THUMB), durations, "WEBP", loop, quality=80, method=4)
    width, height = frames[0].size
    return {
        "clean": clean,
        "display": display,
        "thumb": thumb,
        "width": width,
        "height": height,
        "animated": animated,
    }


def card_picture(data: bytes) -> bytes:
    """A link card's picture as a still WebP of at most THUMB*1.5 px."""
    with Image.open(BytesIO(data)) as image:
        image.seek(0)
        frame = _mode(_upright(image, image))
    frame.thumbnail((THUMB * 3 // 2, THUMB * 3 // 2), Image.Resampling.LANCZOS)
    out = BytesIO()
    frame.save(out, format="WEBP", quality=80, method=4)
    return out.getvalue()
