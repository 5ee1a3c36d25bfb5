#!/usr/bin/env python3
"""Typing echo in the real window: the time from a key press to changed
pixels on screen, Copydesk against a bare egui window holding one TextEdit
with the same text (examples/typing_echo.rs).

Both windows run at once, each on its own Xvfb display, and the keys
alternate between them, so a busy machine slows both alike. A key is sent
through XTEST; the script then reads the pixels of the caret's line until
they change. Needs Xvfb and python-xlib (`apt install xvfb python3-xlib`
or `pip install python-xlib`) and release builds:

    cargo build --release --bin copydesk --example typing_echo
    python3 benches/typing_echo.py --words 20000 --words 100000
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from Xlib import X, XK, display
from Xlib.ext import xtest

WIDTH, HEIGHT = 1480, 920


def start_xvfb(number):
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", f"{WIDTH}x{HEIGHT}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        if os.path.exists(f"/tmp/.X11-unix/X{number}"):
            return server
        time.sleep(0.05)
    raise SystemExit(f"Xvfb :{number} did not start")


def connect(number):
    """A connection to the display, once its server accepts one (its
    socket file appears a moment before that)."""
    for _ in range(100):
        try:
            return display.Display(f":{number}")
        except Exception:
            time.sleep(0.05)
    return display.Display(f":{number}")


def top_window(screen_display):
    """The first mapped top-level window, once one is on screen."""
    root = screen_display.screen().root
    for _ in range(600):
        for window in root.query_tree().children:
            attributes = window.get_attributes()
            geometry = window.get_geometry()
            if attributes.map_state == X.IsViewable and geometry.width > 200:
                return window
        time.sleep(0.05)
    raise SystemExit("no window appeared")


def key(screen_display, name):
    code = screen_display.keysym_to_keycode(XK.string_to_keysym(name))
    xtest.fake_input(screen_display, X.KeyPress, code)
    xtest.fake_input(screen_display, X.KeyRelease, code)
    screen_display.sync()


def chord(screen_display, modifier, name):
    mod = screen_display.keysym_to_keycode(XK.string_to_keysym(modifier))
    xtest.fake_input(screen_display, X.KeyPress, mod)
    key(screen_display, name)
    xtest.fake_input(screen_display, X.KeyRelease, mod)
    screen_display.sync()


def type_text(screen_display, text):
    for c in text:
        key(screen_display, "space" if c == " " else c)
        time.sleep(0.02)


def click(screen_display, x, y):
    xtest.fake_input(screen_display, X.MotionNotify, x=x, y=y)
    xtest.fake_input(screen_display, X.ButtonPress, 1)
    xtest.fake_input(screen_display, X.ButtonRelease, 1)
    screen_display.sync()


class Window:
    """One app on its own display, with the band of pixels the caret's
    line occupies."""

    def __init__(self, name, number, command, env, caret):
        self.name = name
        self.server = start_xvfb(number)
        self.env = dict(env, DISPLAY=f":{number}")
        self.app = subprocess.Popen(command, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.display = connect(number)
        self.window = top_window(self.display)
        self.window.set_input_focus(X.RevertToParent, X.CurrentTime)
        self.display.sync()
        time.sleep(1.0)
        self.caret = caret
        click(self.display, *caret)
        time.sleep(0.5)
        # The caret's line from the left edge: a click past a line's end
        # puts the caret at its end, wherever that is.
        self.band = (0, max(0, caret[1] - 14), 900, 28)
        self.samples = []

    def pixels(self):
        x, y, w, h = self.band
        return self.display.screen().root.get_image(x, y, w, h, X.ZPixmap, 0xFFFFFFFF).data

    def settle(self, quiet=0.25, limit=3.0):
        """Waits until the band has not changed for `quiet` seconds."""
        last, since, start = self.pixels(), time.monotonic(), time.monotonic()
        while time.monotonic() - since < quiet and time.monotonic() - start < limit:
            time.sleep(0.02)
            now = self.pixels()
            if now != last:
                last, since = now, time.monotonic()

    def echo(self, letter, timeout=2.0):
        """Seconds from the key press to the first changed pixel."""
        before = self.pixels()
        start = time.monotonic()
        key(self.display, letter)
        while time.monotonic() - start < timeout:
            if self.pixels() != before:
                return time.monotonic() - start
        return None

    def close(self):
        self.app.terminate()
        try:
            self.app.wait(5)
        except subprocess.TimeoutExpired:
            self.app.kill()
        self.server.terminate()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def measure(words, keys, target, work):
    copydesk = os.path.join(target, "release/copydesk")
    bare = os.path.join(target, "release/examples/typing_echo")
    article = os.path.join(work, f"echo-{words}.ron")
    subprocess.run([bare, "--words", str(words), "--write", article], check=True)
    data = os.path.join(work, f"data-{words}")
    env = dict(os.environ, XDG_DATA_HOME=data, XDG_CONFIG_HOME=data, COPYDESK_DATA_DIR=data)
    env.pop("WAYLAND_DISPLAY", None)
    apps = [
        Window("copydesk", 71, [copydesk, article, "--size", f"{WIDTH}x{HEIGHT}"], env, (600, 330)),
        Window("bare", 72, [bare, "--words", str(words), "--size", f"{WIDTH}x{HEIGHT}"], env, (300, 330)),
    ]
    try:
        # Copydesk's caret blinks unless told not to: one command from the
        # palette (the bare window turns it off itself).
        chord(apps[0].display, "Control_L", "k")
        time.sleep(0.5)
        type_text(apps[0].display, "blinking caret")
        time.sleep(0.3)
        key(apps[0].display, "Return")
        time.sleep(0.5)
        click(apps[0].display, *apps[0].caret)
        for app in apps:
            app.settle()
        for n in range(keys + 5):
            for app in apps:
                took = app.echo("x")
                app.settle()
                if n >= 5 and took is not None:
                    app.samples.append(took * 1000)
        return {app.name: list(app.samples) for app in apps}
    finally:
        for app in apps:
            app.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, action="append", help="article length (repeatable)")
    parser.add_argument("--keys", type=int, default=40, help="keys measured per window and length")
    args = parser.parse_args()
    if not shutil.which("Xvfb"):
        raise SystemExit("Xvfb is not installed (apt install xvfb)")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(root, "target")
    print(f"{'words':>8} {'window':<9} {'p50':>8} {'p90':>8} {'keys':>5}")
    with tempfile.TemporaryDirectory() as work:
        for words in args.words or [20_000, 100_000]:
            samples = measure(words, args.keys, target, work)
            for name, values in samples.items():
                if not values:
                    print(f"{words:>8} {name:<9} no echo seen")
                    continue
                print(
                    f"{words:>8} {name:<9} {statistics.median(values):>6.1f}ms"
                    f" {percentile(values, 90):>6.1f}ms {len(values):>5}"
                )
            if samples["copydesk"] and samples["bare"]:
                ratio = statistics.median(samples["copydesk"]) / statistics.median(samples["bare"])
                print(f"{words:>8} {'ratio':<9} {ratio:>7.2f}x (p50, Copydesk / bare)")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
