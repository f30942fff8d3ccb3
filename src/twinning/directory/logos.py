"""Turning an uploaded picture into a group's logo: checked, shrunk, re-encoded.

Re-encoding drops everything but the pixels, so a photo's camera metadata
(often the place it was taken) never reaches the public page.
"""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
# Larger pictures are refused before they are decoded: a logo needs 400 pixels a side, and
# all but JPEG decode at full size (four bytes a pixel, then a copy: 25 MP made 200 MB).
MAX_PIXELS = 25_000_000
MAX_PIXELS_FULL_DECODE = 12_000_000
LOGO_SIZE = 400
FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}


def prepare_logo(data: bytes) -> tuple[bytes, int, int]:
    """A PNG of at most LOGO_SIZE pixels a side from an uploaded picture, with its size."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The picture is larger than 2 MB: choose a smaller one."))
    try:
        with Image.open(io.BytesIO(data)) as picture:
            if picture.format not in FORMATS:
                raise ValidationError(_("Upload a PNG, JPEG, WebP or GIF picture."))
            limit = MAX_PIXELS if picture.format == "JPEG" else MAX_PIXELS_FULL_DECODE
            if picture.width * picture.height > limit:
                raise ValidationError(_("The picture has too many pixels: make it smaller."))
            picture.seek(0)
            picture.draft("RGB", (LOGO_SIZE, LOGO_SIZE))  # a JPEG decodes at a reduced scale
            picture.thumbnail((LOGO_SIZE, LOGO_SIZE))
            image = picture.convert("RGBA")
    except ValidationError:
        raise
    except Exception as error:  # Pillow reports broken files in many ways (OSError, SyntaxError…)
        raise ValidationError(_("This file is not a picture we can read.")) from error
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue(), image.width, image.height
