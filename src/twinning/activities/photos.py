"""Turning an uploaded photo into one a report can show: checked, shrunk, re-encoded.

Re-encoding keeps only the pixels: a phone's photo often carries the exact place
and time it was taken, which must never reach a public page.
"""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
# Larger pictures are refused before they are decoded. A JPEG (what phones take) is decoded
# straight at a reduced scale, so even 40 megapixels cost a few tens of MB; other formats
# decode at full size, four bytes a pixel: a 6320 × 6320 PNG took 500 MB for a moment.
MAX_PIXELS = 40_000_000
MAX_PIXELS_FULL_DECODE = 12_000_000
LONGEST_SIDE = 1600
FORMATS = {"PNG", "JPEG", "WEBP", "GIF", "MPO"}
SCALED_DECODE = {"JPEG", "MPO"}


def prepare_photo(data: bytes) -> tuple[bytes, int, int]:
    """A JPEG of at most LONGEST_SIDE pixels a side, upright, without metadata; its size."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The photo is larger than 8 MB: choose a smaller one."))
    try:
        with Image.open(io.BytesIO(data)) as picture:
            if picture.format not in FORMATS:
                raise ValidationError(_("Upload a JPEG, PNG, WebP or GIF photo."))
            pixels = picture.width * picture.height
            limit = MAX_PIXELS if picture.format in SCALED_DECODE else MAX_PIXELS_FULL_DECODE
            if pixels > limit:
                raise ValidationError(_("The photo has too many pixels: make it smaller."))
            # decodes a JPEG at the smallest scale still larger than needed, then shrinks
            # in place: never a full-size copy beside the full-size picture
            picture.draft("RGB", (LONGEST_SIDE, LONGEST_SIDE))  # (only JPEG can)
            picture.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
            # upright as the camera meant it (its EXIF orientation), in colour, small
            image = ImageOps.exif_transpose(picture.convert("RGB"))
    except ValidationError:
        raise
    except Exception as error:  # Pillow reports broken files in many ways (OSError, SyntaxError…)
        raise ValidationError(_("This file is not a photo we can read.")) from error
    image.info.clear()  # Pillow would carry a comment or a text chunk over into the JPEG
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=82, optimize=True)
    return output.getvalue(), image.width, image.height
