"""Reading the Etalab `decoupage-administratif` data, from the bundled copy or
from the npm package tarball (or its unpacked folder) of a newer vintage."""

import json
import lzma
import tarfile
from dataclasses import dataclass
from pathlib import Path

BUNDLED = Path(__file__).parent / "data" / "decoupage-administratif-2026.json.xz"
SOURCE_NAME = "@etalab/decoupage-administratif"
FILES = ("regions", "departements", "epci", "communes")


class SourceError(Exception):
    pass


@dataclass
class Divisions:
    regions: list[dict]
    departements: list[dict]
    epci: list[dict]
    communes: list[dict]
    source_version: str
    vintage: int | None


def load(path: Path) -> Divisions:
    if not path.exists():
        raise SourceError(f"{path}: no such file or folder")
    if path.is_dir():
        return _from_folder(path)
    if path.name.endswith((".tgz", ".tar.gz")):
        return _from_tarball(path)
    if path.name.endswith(".json.xz"):
        return _from_bundle(path)
    raise SourceError(f"{path}: expected a .json.xz bundle, an npm .tgz or a package folder")


def _from_bundle(path: Path) -> Divisions:
    with lzma.open(path, "rt", encoding="utf-8") as f:
        data = json.load(f)
    return Divisions(
        **{name: data[name] for name in FILES},
        source_version=data["source_version"],
        vintage=data["vintage"],
    )


def _from_folder(path: Path) -> Divisions:
    package = path / "package.json"
    version = json.loads(package.read_text())["version"] if package.exists() else "?"
    try:
        files = {name: json.loads((path / "data" / f"{name}.json").read_text()) for name in FILES}
    except FileNotFoundError as missing:
        raise SourceError(f"{missing.filename} is missing") from None
    return Divisions(**files, source_version=version, vintage=None)


def _from_tarball(path: Path) -> Divisions:
    with tarfile.open(path) as tar:

        def read(member: str):
            try:
                f = tar.extractfile(f"package/{member}")
            except KeyError:
                raise SourceError(f"{path}: package/{member} is missing") from None
            return json.load(f)

        return Divisions(
            **{name: read(f"data/{name}.json") for name in FILES},
            source_version=read("package.json")["version"],
            vintage=None,
        )
