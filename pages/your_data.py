import streamlit as st

from relief import intake, ui
from relief.article import md_escape
from relief.dataset import DATA_FILES, MAX_FILE_BYTES, REQUIRED_FILES

data = ui.page("your_data", (  # the protocol: relief/ui/frame.py; heading: relief/pages.py
    "Load your own table of routes, phrases and quotes (another article, a guideline, a trial summary) and get the "
    "same charts, checks and pages. Your files stay in this browser session only: they are checked in memory, never "
    "saved on the server, and gone when you close the tab."
))

st.header("1. Start from a starter or from the worked example")
st.markdown("Three files are required; every other file adds a page or a layer when it is there.")
required = [n for n in intake.FILE_ROLES if n in REQUIRED_FILES]
optional = [n for n in intake.FILE_ROLES if n not in REQUIRED_FILES and n in DATA_FILES]
st.markdown("\n".join([*(f"- `{n}` **(required)**: {intake.FILE_ROLES[n]}" for n in required),
                       *(f"- `{n}` (optional): {intake.FILE_ROLES[n]}" for n in optional)]))
left, right = st.columns(2)
left.download_button("Download a blank starter (zip)", intake.starter_zip, file_name="my-data.zip",
                     mime="application/zip", icon="📄", key="starter_download",
                     help="Each file with its header and one commented example row (lines starting with # are "
                          "skipped), and a short HOW-TO.md.")
right.download_button("Download the bundled data (zip)", intake.template_zip, file_name="ketamine-relief-data.zip",
                      mime="application/zip", icon="📦", key="template_download",
                      help="The worked example: the bundled article, its metadata and every table, with a README "
                           "that explains each column.")

st.header("2. Upload your files")
limit = MAX_FILE_BYTES // 1024 // 1024
st.markdown(f"Upload the files one by one or as one zip (a folder zipped on Windows or macOS is fine); at most "
            f"{limit} MB each. Every quote must appear word for word in your source text, and `article.meta.json` "
            "must carry the SHA-256 of that text (the check tells you the right value if it differs). CSV files "
            "may come from any spreadsheet program: UTF-8 is best; other encodings, separators and line endings "
            "are read with a warning.")
files = st.file_uploader("Data files or a zip of them", type=["csv", "txt", "json", "zip"],
                         accept_multiple_files=True, key="upload.files", max_upload_size=limit)

if files:
    ui.accept_upload(files)

result = ui.uploaded()
st.header("3. What the check found")
if result is None:
    st.info("Nothing uploaded yet: the app shows the bundled data.", icon="ℹ️")
elif result.ok:
    count = len(result.dataset.claims)
    st.success(f"Your data is valid and is now shown on every page: {count} {'claim' if count == 1 else 'claims'} from "
               f"“{md_escape(result.dataset.meta['title'])}”.", icon="✅")
    for warning in result.warnings:
        st.warning(md_escape(warning.sentence()), icon="⚠️")
else:
    ui.show_problems(result.errors, "Your files were not loaded: fix these and upload again. The app keeps showing "
                                    "the bundled data meanwhile.")
    for warning in result.warnings:
        st.warning(md_escape(warning.sentence()), icon="⚠️")

if result is not None and st.button("Go back to the bundled data", key="upload.clear"):
    ui.forget_upload()

st.header("Check files on your own computer")
st.markdown("The same check runs from a terminal: `python -m relief check path/to/folder` (or a zip of it) prints "
            "one line per problem as `file:row:column: message` (row 1 is the header) and exits with 1 when "
            "something is wrong (`--json` for machines).")

ui.exit_presentation_button()
