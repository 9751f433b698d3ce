#!/usr/bin/env python3
# Checks the Flatpak manifest the way Flathub's reviewers would, offline:
# flatpak-builder parses it without complaint, the app ID is the file's name,
# the sandbox asks for what a GL desktop app needs and no file-system access,
# and every downloaded source carries a sha256.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import shutil
import subprocess
import sys
import tempfile

manifest = sys.argv[1]
problems = []

if shutil.which("flatpak-builder") is None:
    print("SKIP: flatpak-builder is not installed")
    sys.exit(77)

# flatpak-builder leaves a .flatpak-builder/ state folder where it runs: not in the tree.
with tempfile.TemporaryDirectory() as scratch:
    proc = subprocess.run(["flatpak-builder", "--show-manifest", os.path.abspath(manifest)],
                          capture_output=True, text=True, cwd=scratch)
if proc.returncode != 0:
    print(f"{manifest}: flatpak-builder could not parse it:\n{proc.stderr}")
    sys.exit(1)
if proc.stderr.strip():
    # Unknown keys only warn on stderr while the exit code stays 0.
    problems.append(f"flatpak-builder warned: {proc.stderr.strip()}")

data = json.loads(proc.stdout)
app_id = data.get("id") or data.get("app-id")
expected_id = os.path.basename(manifest).rsplit(".", 1)[0]
if app_id != expected_id:
    problems.append(f"app ID {app_id!r} is not the file name {expected_id!r}")
if data.get("runtime") != "org.gnome.Platform" or data.get("sdk") != "org.gnome.Sdk":
    problems.append("runtime/sdk should be org.gnome.Platform/org.gnome.Sdk")
if str(data.get("runtime-version")) != "50":
    problems.append(f"runtime-version is {data.get('runtime-version')!r}, expected '50'")
if data.get("command") != "meltline":
    problems.append("command should be meltline")

args = data.get("finish-args", [])
for needed in ("--share=ipc", "--socket=fallback-x11", "--socket=wayland", "--device=dri"):
    if needed not in args:
        problems.append(f"finish-args lack {needed}")
for arg in args:
    if arg.startswith("--filesystem"):
        problems.append(f"finish-args ask for {arg}: files come through the portal")
    if arg == "--socket=x11":
        problems.append("use --socket=fallback-x11, not --socket=x11")


def walk(modules, path):
    for module in modules:
        if isinstance(module, str):
            continue
        name = path + "/" + module.get("name", "?")
        for source in module.get("sources", []):
            if isinstance(source, str):
                continue
            if source.get("type") in ("archive", "file") and "url" in source:
                if not source.get("sha256"):
                    problems.append(f"{name}: source {source['url']} has no sha256")
        walk(module.get("modules", []), name)


walk(data.get("modules", []), "")
if not any(isinstance(m, dict) and m.get("name") == "meltline" for m in data.get("modules", [])):
    problems.append("no module named meltline")

if problems:
    for p in problems:
        print(f"{manifest}: {p}")
    sys.exit(1)
print(f"{manifest}: OK ({len(args)} finish-args, {len(data.get('modules', []))} modules)")
