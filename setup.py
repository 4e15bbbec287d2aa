"""Build the compiled token scanner (``toolkit.text._native._scan``); everything else is in pyproject.toml.

The toolkit works without it (pure-Python fallback, same results), so a failed compile does not
stop the install: it prints why and goes on.
"""
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class OptionalBuildExt(build_ext):
    """build_ext that warns instead of failing when no C compiler is available."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # noqa: BLE001 - any compiler/platform failure
            print(f"warning: toolkit.text._native._scan not built ({exc}); the pure-Python scanner is used")

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception as exc:  # noqa: BLE001
            print(f"warning: {ext.name} not built ({exc}); the pure-Python scanner is used")


setup(
    ext_modules=[Extension("toolkit.text._native._scan", ["toolkit/text/_native/_scan.c"],
                           depends=["toolkit/text/_native/_social_tokens.h", "toolkit/text/_native/_word_pairs.h",
                                    "toolkit/text/_native/_social_entities.h", "toolkit/text/_native/_postings.h"],
                           extra_compile_args=["-O2"])],
    cmdclass={"build_ext": OptionalBuildExt},
)
