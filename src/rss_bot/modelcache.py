"""A disk cache of trained models, keyed by everything that shapes them.

The key hashes the knowledge base's files, the matcher configuration, the background
questions, the source of every module that builds the model and the wordfreq and
phonetic-fr versions, so a changed knowledge base, setting or program can never be served
an old model. It also keeps wordfreq's French word list, which takes longer to import
than a cached model to load. Files are written atomically; an unreadable file is ignored
and the model retrained (the list read from wordfreq).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import asdict
from importlib import metadata, resources
from pathlib import Path
from typing import IO, Any

import numpy as np

from rss_bot.lexicon import french_word_list
from rss_bot.tuning import MatcherConfig

# Bump when the stored layout changes (2: the rows' analyses; 3: words by sound; 4: how often
# two intents sharing the probability hold the right one).
FORMAT = 4
_SOURCES = (
    "model.py",
    "calibration.py",
    "vectors.py",
    "lexicon.py",
    "normalize.py",
    "tuning.py",
    "modelcache.py",
)
# The package's data that shapes training: the off-topic background, and the SMS and
# voice spellings every text is read with.
_DATA = ("data/background.yaml", "data/sms.yaml")

log = logging.getLogger(__name__)


def cache_key(kb_version: str, config: MatcherConfig) -> str:
    """The content hash a trained model is stored under."""
    digest = hashlib.sha256(f"{FORMAT}\0{kb_version}\0".encode())
    digest.update(json.dumps(asdict(config), sort_keys=True).encode())
    package = resources.files("rss_bot")
    for name in (*_SOURCES, *_DATA):
        digest.update(package.joinpath(name).read_bytes())
    _add_versions(digest)
    return digest.hexdigest()[:32]


def _add_versions(digest: Any) -> None:
    # which words are French, how they sound, their stems (PyStemmer: snowballstemmer's
    # own algorithms, compiled)
    for dependency in ("wordfreq", "phonetic-fr", "snowballstemmer", "PyStemmer"):
        with contextlib.suppress(metadata.PackageNotFoundError):  # declared dependencies
            digest.update(metadata.version(dependency).encode())


def _write_atomic(path: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write a file through a temporary one beside it: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def french_words(folder: Path, size: int) -> list[str]:
    """`lexicon.french_word_list(size)`, kept in `folder` once read from wordfreq (keyed by
    the size, wordfreq's version and lexicon.py): a hundredth of the time to read back."""
    digest = hashlib.sha256(f"{FORMAT}\0{size}\0".encode())
    digest.update(resources.files("rss_bot").joinpath("lexicon.py").read_bytes())
    _add_versions(digest)
    path = folder / f"french-{digest.hexdigest()[:16]}.txt"
    with contextlib.suppress(OSError, UnicodeDecodeError):  # not kept yet, or unreadable
        return path.read_text(encoding="utf-8").split("\n")
    words = french_word_list(size)
    try:
        _write_atomic(path, lambda out: out.write("\n".join(words).encode("utf-8")))
    except OSError as exc:
        log.info("liste de mots français non mise en cache dans %s : %s", folder, exc)
    return words


def load(folder: Path, key: str) -> dict[str, Any] | None:
    """The stored state for a key: arrays and a JSON header; None if absent or unreadable."""
    path = folder / f"model-{key}.npz"
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as stored:
            state = {name: stored[name] for name in stored.files}
        state["meta"] = json.loads(str(state.pop("meta_json")))
        return state
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        log.info("modèle en cache illisible (%s), réentraînement : %s", path, exc)
        return None


def save(folder: Path, key: str, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
    """Store a trained state atomically; failures are logged and otherwise ignored."""
    try:
        _write_atomic(
            folder / f"model-{key}.npz",
            lambda out: np.savez(out, meta_json=np.array(json.dumps(meta)), **arrays),
        )
    except OSError as exc:
        log.info("modèle non mis en cache dans %s : %s", folder, exc)
