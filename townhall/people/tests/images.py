"""Pictures made in memory for the avatar tests."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

MAKE = 0x010F
ORIENTATION = 0x0112
GPS_IFD = 0x8825


def photo_bytes(size=(400, 200), *, fmt="JPEG", camera="Canon", gps=True, rotate=False) -> bytes:
    """A left-red, right-blue picture carrying EXIF: camera make, GPS and maybe orientation."""
    image = Image.new("RGB", size, "red")
    image.paste("blue", (size[0] // 2, 0, size[0], size[1]))
    exif = Image.Exif()
    exif[MAKE] = camera
    if rotate:
        exif[ORIENTATION] = 6  # "turn 90° clockwise to display"
    if gps:
        gps_ifd = exif.get_ifd(GPS_IFD)
        gps_ifd[1] = "N"
        gps_ifd[2] = (59.0, 54.0, 41.0)
    out = BytesIO()
    image.save(out, format=fmt, exif=exif)
    return out.getvalue()


def upload(data: bytes, name="me.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def photo(**kwargs) -> SimpleUploadedFile:
    return upload(photo_bytes(**kwargs))


def png_bytes(size=(64, 64), mode="RGBA", colour=(0, 128, 0, 128)) -> bytes:
    out = BytesIO()
    Image.new(mode, size, colour).save(out, format="PNG")
    return out.getvalue()
