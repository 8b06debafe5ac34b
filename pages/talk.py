import streamlit as st

from relief import talkfile, ui, urlstate, views
from relief.article import md_escape

data = ui.page("talk")  # the protocol (relief/ui/frame.py); the intro follows, with the scene's title
if data.scenes is None or data.scenes.empty:
    ui.page_intro("Presentation", "A talk made of scenes.", data.meta)
    st.info("This data folder has no scenes.csv, so there is no talk to present.", icon="ℹ️")
    ui.end_page()

scenes = list(data.scenes.itertuples(index=False))
spec = urlstate.talk_view(len(scenes))
number = int(ui.settings(spec)["scene"])
scene = scenes[number - 1]


ui.follow_along()  # a QR code of this scene for the audience, when presenting on a reachable address
view = ui.view("scene", data, scene)  # first: a scene of several sources names them all in its note
ui.page_intro(md_escape(scene.title), f"**{md_escape(scene.takeaway)}**", data.meta, note=view.note)
st.progress(number / len(scenes), text=f"Scene {number} / {len(scenes)}")

if view.figure is not None:
    figure = views.fit_for_slide(view.figure, round(460 * ui.screen_scale())) if ui.presenting() else view.figure
    ui.chart(figure, f"scene_chart_{scene.scene_id}", description=view.description)
for claim, quote in view.items:  # full quotes on screen; names only when presenting, to fit the slide
    st.markdown(f"- **{md_escape(claim)}**" + ("" if ui.presenting() else f": “{md_escape(quote)}”"))
if view.verdicts:  # what the studies say about each claim shown, both ends of its range
    st.markdown("\n".join(f"- {md_escape(line)}" for line in view.verdicts))
if scene.quote:
    st.markdown(f"> “{md_escape(scene.quote)}”")
if ui.show_notes() and scene.notes:
    st.info(f"**Speaker notes.** {md_escape(scene.notes)}", icon="🗒️")

with st.container(horizontal=True, vertical_alignment="center"):
    st.button("◀ Previous", key="talk.previous", shortcut="Left", on_click=ui.nudge, args=(spec, "scene", -1),
              disabled=number == 1)
    st.button("Next ▶", key="talk.next", shortcut="Right", on_click=ui.nudge, args=(spec, "scene", 1),
              disabled=number == len(scenes))
    if not ui.presenting():
        ui.present_button()
    ui.exit_presentation_button()
with st.container(key="clicker"):  # presentation clickers send PageUp / PageDown
    st.button("Previous scene", key="talk.pageup", shortcut="PageUp", on_click=ui.nudge, args=(spec, "scene", -1))
    st.button("Next scene", key="talk.pagedown", shortcut="PageDown", on_click=ui.nudge, args=(spec, "scene", 1))
if not ui.presenting():
    st.caption("Keys: → or Page Down for the next scene, ← or Page Up for the previous one, Esc to leave the full "
               "screen. Add “&notes=1” to the address in presentation mode for speaker notes.")
if not ui.presenting():
    st.download_button("Download the talk", lambda: talkfile.build(data), talkfile.file_name(), "text/html",
                       key="talk.download", icon="💾", on_click="ignore",
                       help="Every scene in one offline HTML file: arrow keys to move, N for speaker notes, "
                            "one scene per printed page. For when the network fails.")
ui.exports(view, scene.title, f"scene-{number}-{scene.scene_id}", data.meta, sources=view.sources)
