"""Images: re-encoded without metadata (GPS gone), wrong files refused with the text kept."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from community import images
from community.models import Post, PostImage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_pause")]

GPS_IFD = 0x8825


def jpeg_with_gps(size=(40, 30), orientation=None):
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (37.0, 19.0, 18.0), 3: "E", 4: (126.0, 49.0, 51.0)})
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_the_fixture_really_has_gps():
    exif = Image.open(io.BytesIO(jpeg_with_gps())).getexif()
    assert exif.get_ifd(GPS_IFD) and exif[0x010F] == "PhoneMaker"


def test_gps_and_camera_details_are_gone_from_the_stored_file(logged_in, member, thread, client):
    logged_in(member)
    upload = SimpleUploadedFile("IMG_20240501_Ansan.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = client.post(f"/en/community/t/{thread.pk}/reply/", {
        "body": "Photo of the notice", "submission": "img", "image": upload, "image_description": "A notice"})
    assert response.status_code == 302
    stored = PostImage.objects.get(post__thread=thread)
    assert stored.file.name.startswith("community/") and "Ansan" not in stored.file.name
    assert stored.file.name.endswith(".jpg") and (stored.width, stored.height) == (40, 30)
    with stored.file.open("rb") as handle:
        data = handle.read()
    saved = Image.open(io.BytesIO(data))
    assert not saved.getexif() and b"PhoneMaker" not in data and b"Exif" not in data
    assert "exif" not in saved.info and "icc_profile" not in saved.info
    page = client.get(thread.get_absolute_url("en")).content.decode()
    assert f'src="{stored.file.url}" width="40" height="30" alt="A notice"' in page


def test_the_picture_is_turned_upright_before_the_orientation_tag_goes():
    upload = SimpleUploadedFile("p.jpg", jpeg_with_gps(size=(40, 30), orientation=6))
    cleaned = images.clean(upload)
    assert (cleaned.width, cleaned.height) == (30, 40)


def test_png_and_webp_keep_their_format():
    for fmt, extension in (("PNG", "png"), ("WEBP", "webp")):
        out = io.BytesIO()
        Image.new("RGBA", (10, 10), (0, 0, 255, 128)).save(out, fmt)
        cleaned = images.clean(SimpleUploadedFile(f"x.{extension}", out.getvalue()))
        assert cleaned.extension == extension and Image.open(io.BytesIO(cleaned.content)).format == fmt


@pytest.mark.parametrize("name,content,message", [
    ("virus.jpg", b"MZ\x90\x00 this is not an image", "This file is not a photo we can use"),
    ("page.png", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "This file is not a photo we can use"),
    ("anim.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "This file is not a photo we can use"),
    ("cut.jpg", jpeg_with_gps()[:200], "This file is not a photo we can use"),
])
def test_files_that_are_not_usable_images_are_refused(logged_in, member, thread, client, name, content, message):
    logged_in(member)
    response = client.post(f"/en/community/t/{thread.pk}/reply/", {
        "body": "My carefully typed answer", "submission": name, "image": SimpleUploadedFile(name, content)})
    page = response.content.decode()
    assert response.status_code == 400 and message in page and "Choose the photo again" in page
    assert "My carefully typed answer</textarea>" in page
    assert not Post.objects.filter(submission_token=name).exists() and not PostImage.objects.exists()


def test_too_many_bytes_or_pixels_are_refused(settings):
    settings.COMMUNITY_IMAGE_MAX_BYTES = 1000
    with pytest.raises(images.ImageRejected, match="Images can be at most 1000"):
        images.clean(SimpleUploadedFile("big.jpg", b"x" * 1001))
    settings.COMMUNITY_IMAGE_MAX_BYTES = 5 * 1024 * 1024
    out = io.BytesIO()
    Image.new("L", (4001, 10)).save(out, "PNG")
    with pytest.raises(images.ImageRejected, match="4001 × 10 pixels"):
        images.clean(SimpleUploadedFile("wide.png", out.getvalue()))


def test_a_decompression_bomb_is_refused_before_decoding():
    # 10000 × 10000 pixels of one colour compress to a few kilobytes.
    out = io.BytesIO()
    Image.new("1", (10000, 10000)).save(out, "PNG")
    assert len(out.getvalue()) < 5 * 1024 * 1024
    with pytest.raises(images.ImageRejected):
        images.clean(SimpleUploadedFile("bomb.png", out.getvalue()))


def test_purging_a_post_deletes_its_file(member, thread, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile

    from tests.community.conftest import add_reply

    reply = add_reply(thread, member)
    image = PostImage(post=reply, width=1, height=1)
    image.file.save("x.jpg", ContentFile(b"data"), save=True)
    storage, name = image.file.storage, image.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        reply.delete()
    assert not storage.exists(name)
