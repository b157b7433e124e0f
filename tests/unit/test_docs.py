"""The README documents every setting the code reads."""

from pathlib import Path

from stream.settings import Settings

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_every_setting_is_in_the_readme_table():
    missing = [f"PULSE_{name.upper()}" for name in Settings.model_fields
               if f"`PULSE_{name.upper()}`" not in README]
    assert not missing, f"README lacks {missing}"
