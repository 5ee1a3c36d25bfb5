#!/usr/bin/env python3
"""Typing echo in the real window: types into Copydesk and into the bare
`TextEdit` window (examples/typing_echo.rs) under one X display, one after
the other, and reports the time from each key (sent with XTest) to the
first change of the pixels around the caret (read with XGetImage): p50 and
p90 for each, and their ratio.

  scripts/typing_echo.py COPYDESK TYPING_ECHO FILE.ron [--keys 60] [--display :98]

Run it under Xvfb (`Xvfb :98 -screen 0 1920x1200x24 &`); the windows are
1280x800 at the top left and the caret is put by a click into the body.
"""

import argparse
import ctypes
import os
import statistics
import subprocess
import sys
import tempfile
import time

CLICK = (500, 317)
REGION = (CLICK[0] - 200, CLICK[1] - 30, 700, 60)


class XImage(ctypes.Structure):
    _fields_ = [
        ("width", ctypes.c_int),
        ("height", ctypes.c_int),
        ("xoffset", ctypes.c_int),
        ("format", ctypes.c_int),
        ("data", ctypes.c_void_p),
        ("byte_order", ctypes.c_int),
        ("bitmap_unit", ctypes.c_int),
        ("bitmap_bit_order", ctypes.c_int),
        ("bitmap_pad", ctypes.c_int),
        ("depth", ctypes.c_int),
        ("bytes_per_line", ctypes.c_int),
        ("bits_per_pixel", ctypes.c_int),
    ]


class X:
    def __init__(self, display):
        self.x11 = ctypes.CDLL("libX11.so.6")
        self.xtst = ctypes.CDLL("libXtst.so.6")
        self.x11.XOpenDisplay.restype = ctypes.c_void_p
        self.x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.x11.XDefaultRootWindow.restype = ctypes.c_ulong
        self.x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self.x11.XGetImage.restype = ctypes.POINTER(XImage)
        self.x11.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                                       ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
        self.x11.XDestroyImage.argtypes = [ctypes.POINTER(XImage)]
        self.x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        self.x11.XStringToKeysym.restype = ctypes.c_ulong
        self.x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
        self.x11.XFlush.argtypes = [ctypes.c_void_p]
        self.xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
        self.dpy = self.x11.XOpenDisplay(display.encode())
        if not self.dpy:
            sys.exit(f"typing_echo: cannot open display {display}")
        self.root = self.x11.XDefaultRootWindow(self.dpy)

    def pixels(self):
        x, y, w, h = REGION
        image = self.x11.XGetImage(self.dpy, self.root, x, y, w, h, 0xFFFFFFFF, 2)  # ZPixmap
        data = ctypes.string_at(image.contents.data, image.contents.bytes_per_line * h)
        self.x11.XDestroyImage(image)
        return data

    def key(self, name):
        code = self.x11.XKeysymToKeycode(self.dpy, self.x11.XStringToKeysym(name.encode()))
        self.xtst.XTestFakeKeyEvent(self.dpy, code, 1, 0)
        self.xtst.XTestFakeKeyEvent(self.dpy, code, 0, 0)
        self.x11.XFlush(self.dpy)


def echo_times(x, keys, env):
    times = []
    for i in range(keys):
        before = x.pixels()
        start = time.perf_counter()
        x.key("x" if i % 2 == 0 else "BackSpace")
        while x.pixels() == before:
            if time.perf_counter() - start > 2.0:
                break
        times.append((time.perf_counter() - start) * 1000.0)
        # Longer than egui's caret blink hold, so no blink counts as an echo.
        time.sleep(0.2)
    return times


def measure(name, command, keys, display):
    env = dict(os.environ, DISPLAY=display)
    env.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp())
    env["COPYDESK_DATA_DIR"] = tempfile.mkdtemp()
    app = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        window = subprocess.run(["xdotool", "search", "--sync", "--name", name], env=env,
                                capture_output=True, text=True, timeout=60).stdout.split()[0]
        subprocess.run(["xdotool", "windowmove", "--sync", window, "0", "0"], env=env, check=False)
        # No window manager gives it the keyboard: ask for it.
        subprocess.run(["xdotool", "windowfocus", "--sync", window], env=env, check=False)
        time.sleep(2)
        subprocess.run(["xdotool", "mousemove", str(CLICK[0]), str(CLICK[1]), "click", "1"], env=env, check=True)
        time.sleep(1)
        return echo_times(X(display), keys, env)
    finally:
        app.terminate()
        app.wait(timeout=20)


def summary(times):
    ordered = sorted(times)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.9) - 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("copydesk")
    parser.add_argument("typing_echo")
    parser.add_argument("article")
    parser.add_argument("--keys", type=int, default=60)
    parser.add_argument("--display", default=":98")
    args = parser.parse_args()
    results = {}
    for name, command in [
        ("Copydesk", [args.copydesk, args.article, "--size", "1280x800"]),
        ("Typing echo", [args.typing_echo, args.article]),
    ]:
        results[name] = summary(measure(name, command, args.keys, args.display))
        print(f"{name:12} p50 {results[name][0]:6.1f} ms   p90 {results[name][1]:6.1f} ms")
    ours, bare = results["Copydesk"], results["Typing echo"]
    print(f"{'ratio':12} p50 {ours[0] / bare[0]:6.2f}x     p90 {ours[1] / bare[1]:6.2f}x")


if __name__ == "__main__":
    main()
