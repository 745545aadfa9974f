"""Translation catalogues: where they live, how they are brought up to date
and how they are checked (docs/i18n.md).

Each app of the project keeps its own catalogue in `<app>/locale/`, so two
people translating two apps never touch the same file; the project package's
catalogue (`newsline/locale/`) holds the strings of `newsline/` and of the
root `templates/` folder. Catalogues are extracted with Django's
`makemessages` run over a copy of the app's sources (so the result never
depends on what else is in the working tree, nor on where it is run from),
and compiled with GNU gettext's msgfmt. The compiled `.mo` files are
committed, so `make demo` needs only Python; a test checks that each one is
what its `.po` compiles to."""

import contextlib
import gettext
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings

DOMAINS = {"django": (".py", ".html", ".txt"), "djangojs": (".js",)}
# Never scanned: tests (their strings are not the interface), migrations,
# vendored or collected files.
SKIP_DIRS = {"tests", "migrations", "locale", "__pycache__", "node_modules", "vendor"}


class GettextMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class Catalogue:
    name: str
    locale_dir: Path
    sources: tuple[Path, ...]

    def po(self, language: str, domain: str = "django") -> Path:
        return self.locale_dir / to_locale(language) / "LC_MESSAGES" / f"{domain}.po"


def to_locale(language: str) -> str:
    from django.utils.translation import to_locale as django_to_locale

    return django_to_locale(language)


def translated_languages() -> list[str]:
    """Languages that need a catalogue: all but the one the source is written in."""
    return [code for code, _ in settings.LANGUAGES if not code.startswith("en")]


def catalogues() -> dict[str, Catalogue]:
    base = Path(settings.BASE_DIR)
    found = {}
    for config in apps.get_app_configs():
        path = Path(config.path)
        if path.parent != base:
            continue  # Django's and third-party apps translate themselves
        sources = (path, base / "templates") if config.name == "newsline" else (path,)
        found[config.name] = Catalogue(config.name, path / "locale", sources)
    return found


def require_gettext() -> None:
    missing = [tool for tool in ("xgettext", "msgfmt", "msgmerge", "msgcmp", "msgattrib") if not shutil.which(tool)]
    if missing:
        raise GettextMissing(f"GNU gettext is not installed ({', '.join(missing)} missing): apt-get install gettext")


def _copy_sources(catalogue: Catalogue, domain: str, into: Path) -> None:
    extensions = DOMAINS[domain]

    def ignore(folder, names):
        return [
            name for name in names
            if (name in SKIP_DIRS or name.startswith(".")) and os.path.isdir(os.path.join(folder, name))
            or os.path.isfile(os.path.join(folder, name)) and not name.endswith(extensions)
        ]

    for source in catalogue.sources:
        if source.is_dir():
            # Same relative paths as in the repository (apps are top-level
            # folders), so locations read "liveblogs/forms.py".
            shutil.copytree(source, into / source.name, ignore=ignore)


@contextlib.contextmanager
def _in_folder(folder: Path):
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def extract(catalogue: Catalogue, domain: str, into: Path, *, merge: bool) -> dict[str, Path]:
    """Run makemessages for `catalogue` in the folder `into`; with `merge`, over
    a copy of the shipped catalogue (translations kept, new strings added,
    gone ones dropped). Returns {language: po path}; empty when the sources
    have no string of this domain."""
    require_gettext()
    _copy_sources(catalogue, domain, into)
    locale = into / "locale"
    if merge and catalogue.locale_dir.is_dir():
        shutil.copytree(catalogue.locale_dir, locale, ignore=shutil.ignore_patterns("*.mo"))
    locale.mkdir(exist_ok=True)
    languages = translated_languages()
    with _in_folder(into), override_settings(LOCALE_PATHS=[]):
        call_command(
            "makemessages", locale=[to_locale(code) for code in languages], domain=domain,
            extensions=list(DOMAINS[domain]), no_obsolete=True, add_location="file", no_wrap=True, verbosity=0,
        )
    found = {}
    for code in languages:
        po = locale / to_locale(code) / "LC_MESSAGES" / f"{domain}.po"
        if po.exists():
            found[code] = po
    return found


_CREATION_DATE = re.compile(r'^"POT-Creation-Date: .*\\n"\n', re.M)


def _new_header(text: str, language: str) -> str:
    """makemessages' header for a new file is a fuzzy placeholder, which
    msgfmt would skip (and with it the charset and plural forms)."""
    head, _, rest = text.partition('msgid ""')
    text = f"# Newsline's interface in {language}: docs/i18n.md says how to translate it.\n" + 'msgid ""' + rest
    text = text.replace('"Project-Id-Version: PACKAGE VERSION\\n"', '"Project-Id-Version: Newsline\\n"', 1)
    text = text.replace('"Language: \\n"', f'"Language: {to_locale(language)}\\n"', 1)
    for placeholder in ("Report-Msgid-Bugs-To", "PO-Revision-Date", "Last-Translator", "Language-Team"):
        text = re.sub(rf'^"{placeholder}: .*\\n"\n', "", text, count=1, flags=re.M)
    return text


def update(catalogue: Catalogue) -> list[Path]:
    """Bring the catalogue's .po files up to date with its sources; returns those that changed."""
    changed = []
    for domain in DOMAINS:
        with tempfile.TemporaryDirectory() as tmp:
            for code, fresh in extract(catalogue, domain, Path(tmp), merge=True).items():
                shipped = catalogue.po(code, domain)
                new = fresh.read_text(encoding="utf-8")
                old = shipped.read_text(encoding="utf-8") if shipped.exists() else ""
                if not old:
                    new = _new_header(new, code)
                # Only the extraction time differs: keep the file as it is.
                if _CREATION_DATE.sub("", new) != _CREATION_DATE.sub("", old):
                    shipped.parent.mkdir(parents=True, exist_ok=True)
                    shipped.write_text(new, encoding="utf-8")
                    changed.append(shipped)
    return changed


def compile_mo(po: Path, mo: Path) -> None:
    require_gettext()
    subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True, capture_output=True, text=True)


def compile_all(catalogue: Catalogue) -> list[Path]:
    done = []
    for po in sorted(catalogue.locale_dir.glob("*/LC_MESSAGES/*.po")):
        compile_mo(po, po.with_suffix(".mo"))
        done.append(po.with_suffix(".mo"))
    return done


def _gettext_lines(args: list[str]) -> str:
    result = subprocess.run(args, capture_output=True, text=True)
    return (result.stdout + result.stderr).strip()


def problems(catalogue: Catalogue) -> list[str]:
    """What is wrong with the shipped catalogue, as sentences a translator can
    act on: a missing file, strings the sources use that it lacks (or holds
    no longer), untranslated or fuzzy entries, a .mo that is not its .po."""
    found = []
    for domain in DOMAINS:
        with tempfile.TemporaryDirectory() as tmp:
            fresh = extract(catalogue, domain, Path(tmp), merge=False)
            for code, template in fresh.items():
                shipped = catalogue.po(code, domain)
                where = _shown(shipped)
                if not shipped.exists():
                    found.append(f"{where} is missing: run `make messages` and translate it")
                    continue
                flags = ["--use-untranslated", "--use-fuzzy"]
                # Each string the sources use is in the shipped file...
                result = subprocess.run(["msgcmp", *flags, str(shipped), str(template)], capture_output=True, text=True)
                if result.returncode:
                    found.append(
                        f"{where} lacks strings the sources use (run `make messages`): {_reported(result.stderr)}"
                    )
                # ...and it holds no string the sources no longer use.
                result = subprocess.run(["msgcmp", *flags, str(template), str(shipped)], capture_output=True, text=True)
                if result.returncode:
                    found.append(
                        f"{where} holds strings the sources no longer use (run `make messages`): "
                        f"{_reported(result.stderr)}"
                    )
                untranslated = _gettext_lines(
                    ["msgattrib", "--untranslated", "--no-obsolete", "--no-wrap", str(shipped)]
                )
                if _msgids(untranslated):
                    found.append(f"{where} has untranslated strings: {_msgids(untranslated)}")
                fuzzy = _gettext_lines(["msgattrib", "--only-fuzzy", "--no-obsolete", "--no-wrap", str(shipped)])
                if fuzzy:
                    found.append(f"{where} has fuzzy (unchecked) translations: {_msgids(fuzzy) or 'its header'}")
            # Files for a domain whose sources have no strings any more.
            if not fresh:
                for stale in sorted(catalogue.locale_dir.glob(f"*/LC_MESSAGES/{domain}.po")):
                    found.append(f"{_shown(stale)}: the sources have no {domain} strings; delete it")
    for po in sorted(catalogue.locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        where = _shown(mo)
        if not mo.exists():
            found.append(f"{where} is missing: run `make messages`")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            expected = Path(tmp) / "expected.mo"
            try:
                compile_mo(po, expected)
            except subprocess.CalledProcessError as error:
                found.append(f"{_shown(po)} does not compile:\n{error.stderr.strip()}")
                continue
            if _messages(mo) != _messages(expected):
                found.append(f"{where} is not what {po.name} compiles to: run `make messages`")
    return found


def _reported(msgcmp_output: str) -> list[str]:
    """The msgids msgcmp points at (it names file:line of each)."""
    found = []
    for path, line in re.findall(r"^(.+?):(\d+): this message", msgcmp_output, re.M):
        lines = Path(path).read_text(encoding="utf-8").splitlines()[: int(line)]
        msgid = next((text for text in reversed(lines) if text.startswith('msgid "')), "")
        found.append(msgid.removeprefix("msgid ").strip('"'))
    return found or [msgcmp_output.strip()]


def _shown(path: Path) -> Path:
    try:
        return path.relative_to(settings.BASE_DIR)
    except ValueError:
        return path


def _msgids(po_text: str) -> list[str]:
    return re.findall(r'^msgid "(.+)"$', po_text, re.M)


def _messages(mo: Path) -> dict:
    with mo.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)
