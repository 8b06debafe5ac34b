"""The shipped Streamlit configuration is safe for a shared server; the serving entry point is sound."""

from __future__ import annotations

import ast
import tomllib

from relief.dataset import BUNDLED, MAX_FILE_BYTES

ROOT = BUNDLED.parent
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())


def test_production_safe_defaults():
    server, client = CONFIG["server"], CONFIG["client"]
    assert server["enableXsrfProtection"] is True and server["enableCORS"] is True
    assert client["showErrorDetails"] == "none"  # viewers never see a traceback
    assert client["toolbarMode"] == "viewer"
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert server["headless"] is True and server["runOnSave"] is False and server["fileWatcherType"] == "none"


def test_upload_limit_matches_the_apps_own_check():
    assert CONFIG["server"]["maxUploadSize"] * 1024 * 1024 == MAX_FILE_BYTES


def test_every_option_is_one_streamlit_knows():
    from streamlit import config

    known = set(config._config_options_template)

    def names(table: dict, prefix: str) -> list[str]:
        out = []
        for key, value in table.items():
            out += names(value, f"{prefix}{key}.") if isinstance(value, dict) else [f"{prefix}{key}"]
        return out

    for name in names(CONFIG, ""):  # e.g. "theme.light.base" is not an option and is silently ignored
        assert name in known, name


def test_serve_py_is_an_asgi_app_around_the_router():
    tree = ast.parse((ROOT / "serve.py").read_text())
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "App"]
    assert len(calls) == 1 and ast.unparse(calls[0].args[0]) == "str(ROUTER)"
    router = next(n for n in ast.walk(tree) if isinstance(n, ast.Assign) and n.targets[0].id == "ROUTER")
    # app.py beside serve.py, whatever the working directory (tests/e2e/test_state.py starts uvicorn elsewhere)
    assert ast.unparse(router.value) == "Path(__file__).resolve().with_name('app.py')"
    assert any(k.arg == "lifespan" for k in calls[0].keywords)
