"""The poster of an uploaded clip: a frame taken from it by ffmpeg (the binary of the imageio-ffmpeg wheel),
when the author uploads no picture of their own."""

from __future__ import annotations

import logging
import subprocess
import tempfile
from pathlib import Path

import imageio_ffmpeg
from django.core.files import File

from .models import Entry

logger = logging.getLogger(__name__)

# A second into the clip, past the black or title frame many clips start with; short clips fall back to
# their first frame.
POSTER_AT_SECONDS = ("1", "0")
POSTER_WIDTH = 960
FFMPEG_TIMEOUT_SECONDS = 60


def frame_of(video_path: str, poster_path: str) -> bool:
    """Writes a JPEG frame of the clip; False when ffmpeg cannot read it."""
    for seconds in POSTER_AT_SECONDS:
        command = [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-nostdin",
            "-loglevel",
            "error",
            "-y",
            "-ss",
            seconds,
            "-i",
            video_path,
            "-frames:v",
            "1",
            "-vf",
            f"scale='min({POSTER_WIDTH},iw)':-2",
            poster_path,
        ]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=FFMPEG_TIMEOUT_SECONDS)  # noqa: S603
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
            logger.warning("No poster taken from a clip: %s", error)
            return False
        if Path(poster_path).stat().st_size > 0:
            return True
    return False


def pattern_clip(*, extension: str = "mp4", seconds: int = 2, size: str = "160x120") -> bytes:
    """A real clip of ffmpeg's test pattern, H.264 in MP4 or VP8 in WebM: the demo's entries and the tests
    upload such clips."""
    codec = {
        "mp4": ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart"],
        "webm": ["-c:v", "libvpx"],
    }
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"clip.{extension}"
        command = [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-nostdin",
            "-loglevel",
            "error",
            "-f",
            "lavfi",
            "-i",
            f"testsrc2=duration={seconds}:size={size}:rate=15",
            *codec[extension],
            str(path),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=FFMPEG_TIMEOUT_SECONDS)  # noqa: S603
        return path.read_bytes()


def take_poster(entry: Entry) -> bool:
    """Gives the entry a poster taken from its clip, unless it has one; whether it has one now."""
    if entry.poster:
        return True
    if not entry.video_file:
        return False
    with tempfile.TemporaryDirectory() as folder:
        video_path = str(Path(folder) / "clip")
        with entry.video_file.open("rb") as source, open(video_path, "wb") as copy:
            for chunk in source.chunks():
                copy.write(chunk)
        poster_path = str(Path(folder) / "poster.jpg")
        if not frame_of(video_path, poster_path):
            return False
        with open(poster_path, "rb") as poster:
            entry.poster.save("poster.jpg", File(poster), save=False)
    Entry.objects.filter(pk=entry.pk).update(poster=entry.poster.name)
    return True
