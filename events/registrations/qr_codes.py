"""QR code images of a link: inline SVG for pages, PNG for emails."""

import io

from django.utils.safestring import SafeString, mark_safe

# qrcode (and the Pillow drawing modules it loads) is imported where a code is
# made, not at the top: every web worker loads this module through the
# registration emails, few ever draw a code (bench/pages.py, worker memory).


def _code(data: str, box_size: int = 10):
    import qrcode

    # "M" restores 15 % of a damaged or badly lit code: enough on a phone
    # screen or a print, and the code stays small.
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=box_size,
        border=4,
    )
    code.add_data(data)
    code.make(fit=True)
    return code


def qr_svg(data: str, *, label: str) -> SafeString:
    """An ``<svg role="img">`` named by ``label`` (its text alternative), on a
    white background so that it scans on any page colour."""
    import qrcode.image.svg

    image = _code(data).make_image(image_factory=qrcode.image.svg.SvgPathFillImage)
    root = image.get_image()
    image.path.attrib.pop("id", None)  # a page may show several codes
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("focusable", "false")
    # ElementTree escapes the label: the markup is safe as it is.
    return mark_safe(image.to_string(encoding="unicode"))


def qr_png(data: str, *, box_size: int = 8) -> bytes:
    image = _code(data, box_size=box_size).make_image()
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()
