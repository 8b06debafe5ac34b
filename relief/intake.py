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

from . import budget as work
from .dataset import (
    BUNDLED,
    DATA_FILES,
    MAX_FILE_BYTES,
    REQUIRED_FILES,
    LoadResult,
    build_dataset,
    too_large,
    with_bundled_evidence,
)
from .problems import Problem

MAX_ZIP_ENTRIES = 50
MAX_ZIP_TOTAL_BYTES = 4 * MAX_FILE_BYTES
MAX_ZIP_RATIO = 100
TEMPLATE_EXTRA = ("README.md", "HOW-TO.md")


@dataclass
class Intake:
    """Files gathered from a user, by data file name, and what was refused or ignored on the way."""

    files: dict[str, bytes] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def add(self, name: str, data: bytes) -> None:
        if name in self.files:
            self.problems.append(Problem(name, None, None, "given twice; the last one is used", "warning"))
        self.files[name] = data


def _posix(name: str) -> PurePosixPath:
    """A path with Windows separators read as folders (PowerShell 5.1 writes ``my-data\\claims.csv``)."""
    return PurePosixPath(name.replace("\\", "/"))


def data_file_name(name: str) -> str | None:
    """The data file a given name stands for ('Claims.CSV' → 'claims.csv', 'my-data\\claims.csv' → 'claims.csv')."""
    lowered = _posix(name).name.lower()
    return lowered if lowered in DATA_FILES else None


def system_litter(name: str) -> bool:
    """Files an operating system adds to a zip: macOS ``__MACOSX/``, ``._*`` and ``.DS_Store``; Windows
    ``Thumbs.db`` and ``desktop.ini``. They are skipped without a word."""
    path = _posix(name)
    return ("__MACOSX" in path.parts or path.name.startswith("._")
            or path.name.lower() in (".ds_store", "thumbs.db", "desktop.ini"))


def safe_member(name: str) -> bool:
    """A zip member path that stays inside the archive: relative, no '..', no drive letter."""
    path = name.replace("\\", "/")
    parts = PurePosixPath(path).parts
    return bool(parts) and not path.startswith("/") and ".." not in parts and ":" not in parts[0]


def read_zip(zip_name: str, data: bytes, intake: Intake) -> None:
    """Add a zip's data files to ``intake``; refuse the whole zip if any member is unsafe."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist()
                   if not m.is_dir() and not m.filename.endswith("\\") and not system_litter(m.filename)]
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
        if _posix(member.filename).name in TEMPLATE_EXTRA:
            continue  # the template's own README
        if name is None:
            intake.problems.append(Problem(member.filename, None, None, "not a data file name; ignored", "warning"))
        elif member.file_size > MAX_FILE_BYTES:
            intake.problems.append(too_large(name, member.file_size))
        else:
            try:
                with archive.open(member) as handle:
                    intake.add(name, handle.read(MAX_FILE_BYTES + 1)[:MAX_FILE_BYTES])
            except Exception as exc:  # encrypted, an unknown compression, damaged data, a bad checksum
                intake.problems.append(Problem(name, None, None, f"could not be read from {zip_name}: "
                                                                 f"{_unreadable(member, exc)}; it was not used"))


def _unreadable(member: zipfile.ZipInfo, exc: Exception) -> str:
    """Why a zip entry could not be read, in words (never the library's raw text alone)."""
    if member.flag_bits & 0x1:
        return "the entry is encrypted (password-protected zips are not read); zip the files without a password"
    if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA):
        return (f"the entry uses a compression method this checker cannot read (method {member.compress_type}); "
                "zip the files again with ordinary (deflate) compression")
    if isinstance(exc, zipfile.BadZipFile) and "CRC" in str(exc):
        return "the entry is damaged (its checksum does not match its data); zip the files again"
    return f"the entry is damaged ({type(exc).__name__}); zip the files again"


def gather(uploads: Iterable[tuple[str, int, callable]]) -> Intake:
    """Uploaded files as (name, size, read) triples; ``read`` is called only for files within the size limit."""
    intake = Intake()
    for name, size, read in uploads:
        if size > MAX_FILE_BYTES:
            intake.problems.append(too_large(name, size))
            continue
        if system_litter(name):
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


def load_uploads(uploads: Iterable[tuple[str, int, callable]], budget: work.Budget | None = None) -> LoadResult:
    """Validate uploaded files exactly as a data folder is validated, within one upload's ``budget``
    (``relief.budget``; by default bounded hints and at most ``CHECK_SECONDS``; the app adds a stop test that
    ends the check once the uploading session has ended)."""
    intake = gather(uploads)
    refused = {p.file for p in intake.problems if p.is_error}
    digest = hashlib.sha256()
    for name in sorted(intake.files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(intake.files[name]).digest())
    with work.limited(budget or work.Budget(seconds=work.CHECK_SECONDS)) as budget:
        files, shared = with_bundled_evidence(dict(intake.files))
        result = build_dataset(files, origin=f"upload:{digest.hexdigest()[:16]}")
    if budget.reason is not None:  # the rest of the check was cut short: its messages would mislead
        return LoadResult(None, [*intake.problems, Problem("your upload", None, None, budget.reason)])
    result = LoadResult(result.dataset, shared + [p for p in result.problems if p not in shared])
    kept = [p for p in result.problems if not (p.file in refused and p.message == "required file is missing")]
    if refused and not intake.files:  # nothing could be read: the refusal says it all
        kept = []
    problems = intake.problems + kept
    return LoadResult(result.dataset if not any(p.is_error for p in problems) else None, problems)


def template_zip(folder: Path = BUNDLED) -> bytes:
    """The bundled data files (and their README) as a zip: the worked example."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in (*DATA_FILES, "README.md"):
            if (folder / name).is_file():
                archive.write(folder / name, f"ketamine-relief-data/{name}")
    return buffer.getvalue()


FILE_ROLES: dict[str, str] = {
    "article.txt": "the source's full text, which every quote must match word for word",
    "article.meta.json": "the source's title, author, kind and text fingerprint (optional: url, accessed, publisher)",
    "claims.csv": "one row per duration the source states: the bars of every chart",
    "lexicon.csv": "hours for vague phrases such as “a few hours”, drawn as a band (needed only if claims use them)",
    "factors.csv": "what the source says changes the duration: the Factors page",
    "mechanisms.csv": "how the source says the drug works: the Mechanism page",
    "promo_claims.csv": "the source's marketing claims, listed apart from its duration claims",
    "evidence.csv": "findings of studies of your own, added to the bundled published evidence that every source "
                    "gets without copying it (give each an evidence_id not used by the bundled ones)",
    "verdicts.csv": "reviewers' words on each claim's verdicts, which the written rules decide (needs evidence.csv)",
    "corrections.csv": "sourced notes where the source goes wrong (needs evidence.csv)",
    "evidence.meta.json": "when the evidence was compiled and rechecked",
    "scenes.csv": "a talk for presentation mode, scene by scene",
}
"""What each data file adds: the Your data page and the starter's how-to say it with these words."""

STARTER_EXAMPLES = (BUNDLED / "examples" / "example_guideline", BUNDLED)
STARTER_ARTICLE = ("Replace these lines with the full text of your source, exactly as published (UTF-8).\n"
                   "Every quote in your CSV files must appear here word for word.\n")
STARTER_HOWTO = """# How to fill this starter

1. Paste your source's full text into `article.txt` (UTF-8; keep its quote marks and dashes exactly).
2. Fill `article.meta.json`: `title`, `author`, `kind` (what sort of source it is) and `sha256`. Optional:
   `url` (http or https), `accessed` (YYYY-MM-DD) and `publisher`. For `sha256`, run
   `python -m relief check my-data` (or upload the folder as a zip): the message gives the right value.
3. Add one row per claim to `claims.csv`, under its header. Each `quote` must be copied word for word from
   `article.txt`. Its `kind` says what the number is; say what the source states, never another kind:
{kinds}
   Phrases may use seconds, minutes, hours, days, weeks, months or years (“90 seconds”, “10-30 mins”). An optional
   column `low_none` (true or false) says a range's low end is none (“no ongoing relief for some, weeks or months
   for others”): `low_phrase` then holds the source's words for none. Rows of each kind, from a fictitious
   example (`data/examples/numbers_as_written` in the project; its source text is made up):

```csv
{kind_rows}
```
4. The other files are optional: {optional}.
   Leave one with its header only, or delete it, when you do not need it.
5. The bundled published evidence (studies, findings, the literature search) applies to your claims without
   copying anything: each end of each claim is judged by the same written rules. Studies you add to `studies.csv`
   and `evidence.csv` are added to the bundled ones; an id the bundled evidence already uses is refused at its row.

Lines starting with `#` are comments and are skipped: each CSV file has one commented example row to copy
(remove the `# `). Row numbers in messages are the file's lines as a spreadsheet shows them (the header is row 1).
Save CSV files as "CSV UTF-8", comma-separated. The full column reference is the data README of the project.

What each file adds:

{roles}
"""


def _example_row(name: str) -> tuple[str, list[str]] | None:
    """The header line and first record of a data file from the worked examples, or None."""
    import csv

    for folder in STARTER_EXAMPLES:
        path = folder / name
        if path.is_file():
            rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
            if len(rows) >= 2:
                return ",".join(rows[0]), rows[1]
    return None


KIND_EXAMPLES = BUNDLED / "examples" / "numbers_as_written" / "claims.csv"


def _kind_rows() -> str:
    """The header and the first row of each kind (and of a low end of none) of the fictitious example's claims."""
    import csv

    lines = KIND_EXAMPLES.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    seen: dict[tuple[str, str], str] = {}
    for line in lines[1:]:
        row = dict(zip(header, next(csv.reader([line])), strict=False))
        seen.setdefault((row["kind"], row.get("low_none", "")), line)
    return "\n".join([lines[0], *seen.values()])


def starter_zip() -> bytes:
    """A blank starter: each file with its header and one commented example row, and a short HOW-TO.md."""
    import csv
    import json

    from .dataset import EVIDENCE_META, META, SOURCE, fingerprint
    from .kinds import KINDS

    buffer = io.BytesIO()
    optional = [n for n in DATA_FILES if n not in REQUIRED_FILES and n != EVIDENCE_META]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        def put(name: str, text: str) -> None:
            archive.writestr(f"my-data/{name}", text)

        put(SOURCE, STARTER_ARTICLE)
        put(META, json.dumps({"title": "Title of your source", "author": "Its author",
                              "kind": "what sort of source it is (e.g. clinical guideline; peer reviewed)",
                              "url": "https://example.org/where-it-was-published", "accessed": "2026-01-31",
                              "publisher": "Who published it", "sha256": fingerprint(STARTER_ARTICLE)},
                             indent=2, ensure_ascii=False) + "\n")
        for name in DATA_FILES:
            if not name.endswith(".csv") or (example := _example_row(name)) is None:
                continue
            header, row = example
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerow(["# " + row[0], *row[1:]])
            put(name, f"{header}\n{out.getvalue()}")
        put("HOW-TO.md", STARTER_HOWTO.format(
            kinds="\n".join(f"   - `{k.code}`: {k.words}, e.g. {k.example}" for k in KINDS.values()),
            kind_rows=_kind_rows(),
            optional=", ".join(f"`{n}`" for n in optional),
            roles="\n".join(f"- `{n}`{' (required)' if n in REQUIRED_FILES else ''}: {FILE_ROLES[n]}"
                             for n in DATA_FILES if n != EVIDENCE_META and n in FILE_ROLES)))
    return buffer.getvalue()
