#!/usr/bin/env bash
# Screenshots of jpsutil's MBeans in JConsole and VisualVM, and of the Processes tab that jconsole/
# adds to both, for src/site/markdown/clients.md and src/site/markdown/processes-tab.md.
#
# Starts the demo host with the agent, opens each GUI under a virtual X server (Xvfb) connected to
# it, drives it with xdotool and saves PNGs in src/site/markdown/images/. Not part of `mvn verify` (GUI).
#
#   mvn -B -q package -DskipTests && bash src/site/screenshots.sh
#
# Needs (Debian): apt-get update && apt-get install -y xvfb imagemagick xdotool visualvm default-jre-headless
# (Debian's visualvm launcher accepts only /usr/lib/jvm/default-java or a Java 11, hence default-jre-headless.)
# The clicks assume the fixed 1280x860 screen below: the windows are moved to 0,0 and sized to it.
# VisualVM shows its GPL license dialog on first start; the script uses a throwaway --userdir and
# presses "I Accept" there.
set -euo pipefail
cd "$(dirname "$0")/../.."

AGENT=agent/target/jpsutil-agent.jar
EXAMPLES=examples/target/jpsutil-examples.jar
PLUGIN=jconsole/target/jpsutil-jconsole.jar
VISUALVM_MODULE=jconsole/target/jpsutil-visualvm.jar   # built only where Debian's visualvm is installed
OUT=src/site/markdown/images
SCREEN=":${SCREENSHOT_DISPLAY:-77}"
WORK=$(mktemp -d)
for f in "$AGENT" "$EXAMPLES" "$PLUGIN"; do
  [ -f "$f" ] || { echo "$f is missing: run mvn -B -q package -DskipTests first" >&2; exit 1; }
done
for t in Xvfb xdotool import convert jconsole; do
  command -v "$t" >/dev/null || { echo "$t is missing: apt-get install -y xvfb imagemagick xdotool" >&2; exit 1; }
done
mkdir -p "$OUT"

STARTED=()
cleanup() {
  for p in "${STARTED[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${STARTED[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

Xvfb "$SCREEN" -screen 0 1280x860x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
STARTED+=($!)
export DISPLAY="$SCREEN"
sleep 1

java -javaagent:"$AGENT"=interval=1s -jar "$EXAMPLES" demo --seconds 600 >"$WORK/demo.out" 2>&1 &
DEMO=$!
STARTED+=($DEMO)
for _ in $(seq 100); do grep -q "^SCOPE" "$WORK/demo.out" && break; sleep 0.2; done
echo "--- the demo host, as it printed itself (compare with the screenshots):"
sed -n 1,12p "$WORK/demo.out"

# waits for a window whose name matches $1; prints its id
await_window() {
  local w=""
  for _ in $(seq 900); do
    w=$(xdotool search --name "$1" 2>/dev/null | head -1 || true)
    [ -n "$w" ] && { echo "$w"; return; }
    sleep 0.2
  done
  echo "no window named '$1' appeared in 180 s; logs:" >&2
  tail -n 5 "$WORK"/*.log >&2 || true
  exit 1
}

# waits for a window named $1 and moves it to 0,0 at the size of the screen
window() {
  local w
  w=$(await_window "$1")
  xdotool windowmove "$w" 0 0 windowsize "$w" 1280 860
  sleep 1
}

# saves the screen as $OUT/$1.png: 8-bit palette, metadata stripped, to keep the files small
shot() {
  import -window root "$WORK/$1.png"
  convert "$WORK/$1.png" -strip -colors 96 "PNG8:$OUT/$1.png"
  echo "$OUT/$1.png ($(stat -c %s "$OUT/$1.png") bytes)"
}

click() { xdotool mousemove "$1" "$2" click 1; sleep "${3:-0.5}"; }

# ---- JConsole ---------------------------------------------------------------------------------
jconsole -interval=1 "$DEMO" >"$WORK/jconsole.log" 2>&1 &
STARTED+=($!)
W=$(await_window "Java Monitoring") || exit 1
sleep 8
# "Secure connection failed. Retry insecurely?" -> Insecure connection. The button's place holds for
# JConsole's own first layout (a 900x750 frame centred on the screen), so the resize comes after.
click 553 257 4
xdotool windowmove "$W" 0 0 windowsize "$W" 1280 860
sleep 2
click 472 58 2           # the MBeans tab
xdotool mousemove 170 400 mousedown 1 mousemove 300 400 mousemove 430 400 mouseup 1   # widen the tree
sleep 0.5
click 16 189             # expand the jpsutil domain (the last one, below jdk.management.jfr)
click 91 223             # select Process; the keys below walk the tree
xdotool key Right; sleep 0.5            # expand Process: child, self
xdotool key Down Right; sleep 0.5       # expand child: one node per pid
xdotool key Down Right; sleep 0.5       # expand the first child's MBean
xdotool key Down; sleep 2               # its Attributes
shot jconsole-mbeans
click 101 241                           # back to the child folder: collapse it
xdotool key Left; sleep 0.3
xdotool key Down Right; sleep 0.5       # expand self
xdotool key Down Right; sleep 0.5       # expand the host's MBean
xdotool key Down; sleep 2               # its Attributes
xdotool mousemove 1054 228 click --repeat 2 --delay 80 1   # double-click CpuUserSecondsTotal's value: a chart
sleep 30
shot jconsole-chart
kill "${STARTED[-1]}"
wait "${STARTED[-1]}" 2>/dev/null || true   # its window gone before the next JConsole's is looked for

# ---- JConsole with the Processes tab (jconsole -pluginpath) ----------------------------------------
# Acts through the tab itself, as a user would: suspends the demo's first child (sleep 3600) and
# renices its third (the shell with a child of its own) to 10, each after the confirmation dialog.
jconsole -interval=1 -pluginpath "$PLUGIN" "$DEMO" >"$WORK/jconsole-plugin.log" 2>&1 &
STARTED+=($!)
W=$(await_window "Java Monitoring") || exit 1
sleep 8
click 553 257 4          # Insecure connection, as above
xdotool windowmove "$W" 0 0 windowsize "$W" 1280 860
sleep 2
click 559 58 3           # the Processes tab, after MBeans
# rows in tree order: the host (y 138), sleep 3600 (154), the busy shell (170), the shell (186), its sleep (202)
click 170 154            # sleep 3600
click 65 829 1           # Suspend...
xdotool key Return; sleep 2                      # ...OK in the confirmation
click 170 186            # the shell
click 430 829 1          # Renice...: the value dialog; its spinner is the field before OK
xdotool key shift+Tab ctrl+a; xdotool type 10; xdotool key Tab Return; sleep 1   # 10, OK
xdotool key Return; sleep 2                      # OK in the confirmation
click 170 202 3          # select the shell's sleep, so that the stopped and the reniced rows show unselected
shot jconsole-processes
echo "--- the kernel's view of the demo's children after the clicks (STAT T: stopped; NI: nice):"
ps -o pid,ppid,stat,ni,comm --ppid "$DEMO" || true
kill "${STARTED[-1]}"

# ---- VisualVM ---------------------------------------------------------------------------------
if command -v visualvm >/dev/null; then
  if [ -f "$VISUALVM_MODULE" ]; then
    # installs the Processes module into this throwaway user directory, as docs/processes-tab.md tells
    mkdir -p "$WORK/visualvm/modules" "$WORK/visualvm/config/Modules"
    cp "$VISUALVM_MODULE" "$WORK/visualvm/modules/io-github-jpsutil-visualvm.jar"
    cp jconsole/src/visualvm/io-github-jpsutil-visualvm.xml "$WORK/visualvm/config/Modules/"
  fi
  visualvm --userdir "$WORK/visualvm" --openpid "$DEMO" >"$WORK/visualvm.log" 2>&1 &
  STARTED+=($!)
  await_window "VisualVM License Agreement" >/dev/null || exit 1
  sleep 2
  click 785 701 1          # "I Accept", on the dialog centred on the screen (600x600)
  window "VisualVM 2"
  sleep 10
  click 91 69 2            # close the Applications pane (its width follows the JVMs listed): fixed layout
  shot visualvm-overview
  click 140 99 30          # the Monitor tab: CPU, heap, classes, threads of the JVM
  shot visualvm-monitor
  ls "$WORK/visualvm/modules" 2>/dev/null | grep -i mbean || echo "VisualVM: no MBeans plugin installed (Debian's package has none)"
  if [ -f "$VISUALVM_MODULE" ]; then
    click 408 99 5         # the Processes tab (the Applications pane is closed)
    shot visualvm-processes
  fi
else
  echo "visualvm is not installed: skipped (apt-get install -y visualvm default-jre-headless)"
fi
