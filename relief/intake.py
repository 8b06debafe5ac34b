"""Taking in a user's files safely: uploads, zips and the template to start from.

Everything ends in ``dataset.build_dataset``, the one validation path. Sizes
are checked before bytes are read; zips are opened in memory and refused when
they hold unsafe paths, too many files or far more data than they weigh.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .dataset import BUNDLED, DATA_FILES, MAX_FILE_BYTES, LoadResult, build_dataset, too_large
from .problems import Problem

MAX_ZIP_ENTRIES = 50
MAX_ZIP_TOTAL_BYTES = 4 * MAX_FILE_BYTES
MAX_ZIP_RATIO = 100
TEMPLATE_EXTRA = ("README.md",)


@dataclass
class Intake:
    """Files gathered from a user, by data file name, and what was refused or ignored on the way."""

    files: dict[str, bytes] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def add(self, name: str, data: bytes) -> None:
        if name in self.files:
            self.problems.append(Problem(name, None, None, "given twice; the last one is used", "warning"))
        self.files[name] = data


def data_file_name(name: str) -> str | None:
    """The data file a given name stands for ('Claims.CSV' → 'claims.csv'), or None."""
    lowered = PurePosixPath(name.replace("\\\\", "/")).name.lower()
    return lowered if lowered in DATA_FILES else None


def safe_member(name: str) -> bool:
    """A zip member path that stays inside the archive: relative, no '..', no drive letter."""
    path = name.replace("\\\\", "/")
    parts = PurePosixPath(path).parts
    return bool(parts) and not path.startswith("/") and ".." not in parts and ":" not in parts[0]


def read_zip(zip_name: str, data: bytes, intake: Intake) -> None:
    """Add a zip's data files to ``intake``; refuse the whole zip if any member is unsafe."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        intake.problems.append(Problem(zip_name, None, None, f"not a readable zip file ({exc})"))
        return
    unsafe = [m.filename for m in members if not safe_member(m.filename)]
    if unsafe:
        intake.problems.append(Problem(zip_name, None, None, f"refused: unsafe path inside the zip ({unsafe[0]!r}); "
                                                             "paths must be relative and stay inside the archive"))
        return
    if len(members) > MAX_ZIP_ENTRIES:
        intake.problems.append(Problem(zip_name, None, None, f"refused: {len(members)} files (at most "
                                                             f"{MAX_ZIP_ENTRIES})"))
        return
    total = sum(m.file_size for m in members)
    packed = max(sum(m.compress_size for m in members), 1)
    if total > MAX_ZIP_TOTAL_BYTES or total / packed > MAX_ZIP_RATIO:
        intake.problems.append(Problem(zip_name, None, None, f"refused: it would unpack to {total:,} bytes from "
                                                             f"{packed:,} (a zip bomb?)"))
        return
    for member in members:
        name = data_file_name(member.filename)
        if PurePosixPath(member.filename).name in TEMPLATE_EXTRA:
            continue  # the template's own README
        if name is None:
            intake.problems.append(Problem(member.filename, None, None, "not a data file name; ignored", "warning"))
        elif member.file_size > MAX_FILE_BYTES:
            intake.problems.append(too_large(name, member.file_size))
        else:
            with archive.open(member) as handle:
                intake.add(name, handle.read(MAX_FILE_BYTES + 1)[:MAX_FILE_BYTES])


def gather(uploads: Iterable[tuple[str, int, callable]]) -> Intake:
    """Uploaded files as (name, size, read) triples; ``read`` is called only for files within the size limit."""
    intake = Intake()
    for name, size, read in uploads:
        if size > MAX_FILE_BYTES:
            intake.problems.append(too_large(name, size))
            continue
        if name.lower().endswith(".zip"):
            read_zip(name, read(), intake)
            continue
        data_name = data_file_name(name)
        if data_name is None:
            intake.problems.append(Problem(name, None, None, "not a data file name; ignored (expected one of: "
                                                             + ", ".join(DATA_FILES) + ")", "warning"))
            continue
        intake.add(data_name, read())
    return intake


def load_uploads(uploads: Iterable[tuple[str, int, callable]]) -> LoadResult:
    """Validate uploaded files exactly as a data folder is validated."""
    intake = gather(uploads)
    refused = {p.file for p in intake.problems if p.is_error}
    digest = hashlib.sha256()
    for name in sorted(intake.files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(intake.files[name]).digest())
    result = build_dataset(dict(intake.files), origin=f"upload:{digest.hexdigest()[:16]}")
    kept = [p for p in result.problems if not (p.file in refused and p.message == "required file is missing")]
    problems = intake.problems + kept
    return LoadResult(result.dataset if not any(p.is_error for p in problems) else None, problems)


def template_zip(folder: Path = BUNDLED) -> bytes:
    """The bundled data files (and their README) as a zip to start from."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in (*DATA_FILES, *TEMPLATE_EXTRA):
            if (folder / name).is_file():
                archive.write(folder / name, f"ketamine-relief-data/{name}")
    return buffer.getvalue()
