"""Copy the top-level ontology/, shapes/ and queries/ into the wheel.

They stay at the top of the repository (where people look for them) and ship
inside the package as ``briefing_kg/resources/`` so that an installed
briefing-kg never depends on the checkout it was built from.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SHIPPED = ("ontology", "shapes", "queries")


class BuildWithResources(build_py):
    def run(self):
        super().run()
        root = Path(__file__).parent
        target = Path(self.build_lib) / "briefing_kg" / "resources"
        for name in SHIPPED:
            destination = target / name
            if destination.exists():
                shutil.rmtree(destination)
            shutil.copytree(root / name, destination)


setup(cmdclass={"build_py": BuildWithResources})
