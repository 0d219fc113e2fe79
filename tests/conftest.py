from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "raw" / "huaihua-yanglao-gongshang-2024.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed():
    import hcfin

    return hcfin.load(SEED)


@pytest.fixture(scope="session")
def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").splitlines()


@pytest.fixture
def write_variant(tmp_path, seed_lines):
    """Write a modified copy of the seed: ``edit(lines) -> lines`` (or raw bytes via ``data=``)."""

    def write(edit=None, *, data: bytes | None = None, name: str = "variant.txt") -> Path:
        path = tmp_path / name
        if data is None:
            lines = list(seed_lines)
            if edit is not None:
                lines = edit(lines)
            data = ("\n".join(lines) + "\n").encode("utf-8")
        path.write_bytes(data)
        return path

    return write
