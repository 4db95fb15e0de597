"""Images attached to posts: checked, re-encoded, stripped of every metadata.

A photo taken on a phone carries where it was taken (GPS) and on which
phone; for this audience that can identify a person. The stored file is
made from the decoded pixels only (after turning the picture upright as
its EXIF orientation says), so no EXIF, GPS, XMP, ICC or text chunk survives.
Sizes are checked before any pixel is decoded (decompression bombs).
"""
import io
import warnings
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from community import conf

# Pillow format → stored extension. Anything else (GIF, HEIC, SVG, BMP...) is refused.
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


class ImageRejected(ValueError):
    """The upload is not an image the board accepts; the message says why, in the member's language."""


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    width: int
    height: int
    extension: str


def _not_an_image():
    return ImageRejected(_("This file is not a photo we can use. Choose a JPEG, PNG or WebP image."))


def _open(data):
    """The image with its size known and no pixel decoded yet."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = Image.open(io.BytesIO(data))
    if image.format not in FORMATS:
        raise _not_an_image()
    limit = conf.get("COMMUNITY_IMAGE_MAX_SIDE")
    if max(image.size) > limit:
        raise ImageRejected(_(
            "This image is %(width)d × %(height)d pixels. Images can be at most %(limit)d pixels wide and high."
        ) % {"width": image.size[0], "height": image.size[1], "limit": limit})
    return image


def _pixels_only(image):
    """A new image holding the upright pixels and nothing else."""
    image.seek(0)  # the first frame of an animation
    image.load()
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    mode = "RGBA" if has_alpha else "RGB"
    clean = Image.new(mode, image.size)
    clean.paste(image.convert(mode))
    return clean


def clean(upload):
    """CleanImage from an uploaded file, or ImageRejected with the reason."""
    limit = conf.get("COMMUNITY_IMAGE_MAX_BYTES")
    if upload.size > limit:
        raise ImageRejected(_("This image is %(size)s. Images can be at most %(limit)s.") % {
            "size": filesizeformat(upload.size), "limit": filesizeformat(limit)})
    data = upload.read(limit + 1)
    try:
        image = _open(data)
        extension = FORMATS[image.format]
        pixels = _pixels_only(image)
        out = io.BytesIO()
        if extension == "jpg":
            pixels.convert("RGB").save(out, "JPEG", quality=85, optimize=True, progressive=True)
        elif extension == "png":
            pixels.save(out, "PNG", optimize=True)
        else:
            pixels.save(out, "WEBP", quality=80)
    except ImageRejected:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning, OSError,
            SyntaxError, ValueError, EOFError):
        raise _not_an_image()
    return CleanImage(content=out.getvalue(), width=pixels.width, height=pixels.height, extension=extension)
