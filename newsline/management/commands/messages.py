"""`manage.py messages [app …]`: bring translation catalogues up to date
with the code (new strings added, gone ones dropped, translations kept) and
compile them; `--check` only reports what is missing (docs/i18n.md)."""

from django.core.management.base import BaseCommand, CommandError

from newsline.lib import catalogues


class Command(BaseCommand):
    help = "Update and compile the project's translation catalogues (all, or the apps named)."

    def add_arguments(self, parser):
        parser.add_argument("apps", nargs="*", help="apps to do (default: every app of the project)")
        parser.add_argument("--check", action="store_true", help="change nothing; fail if a catalogue is incomplete")
        parser.add_argument("--compile-only", action="store_true", help="only compile the .po files to .mo")

    def handle(self, *args, apps, check, compile_only, **options):
        known = catalogues.catalogues()
        unknown = [name for name in apps if name not in known]
        if unknown:
            raise CommandError(f"not an app of the project: {', '.join(unknown)} (one of {', '.join(sorted(known))})")
        try:
            catalogues.require_gettext()
        except catalogues.GettextMissing as error:
            raise CommandError(str(error)) from None
        chosen = [known[name] for name in apps] if apps else list(known.values())
        if check:
            failures = [problem for catalogue in chosen for problem in catalogues.problems(catalogue)]
            for problem in failures:
                self.stderr.write(problem)
            if failures:
                raise CommandError(f"{len(failures)} problem(s) in the catalogues")
            self.stdout.write("catalogues complete")
            return
        for catalogue in chosen:
            if not compile_only:
                for path in catalogues.update(catalogue):
                    self.stdout.write(f"updated {path.relative_to(catalogue.locale_dir.parent.parent)}")
            for path in catalogues.compile_all(catalogue):
                if options["verbosity"] > 1:
                    self.stdout.write(f"compiled {path}")
