package io.github.jpsutil.linux;

import io.github.jpsutil.Battery;
import io.github.jpsutil.SensorFan;
import io.github.jpsutil.SensorTemperature;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Temperatures, fans and the battery from sysfs (hwmon, thermal zones, power_supply), as psutil
 * reads them. A machine without them (a virtual machine, a container) gives empty results: a
 * missing directory or file is "none here", never an error.
 */
final class SensorReader {
    private final LinuxSystem sys;

    SensorReader(LinuxSystem sys) {
        this.sys = sys;
    }

    /** hwmon's temp*_input of every chip; only where hwmon has none, the thermal zones (as psutil). */
    List<SensorTemperature> temperatures() {
        List<SensorTemperature> out = new ArrayList<>();
        for (Path hwmon : list(sys.sysRoot().resolve("class/hwmon"), "hwmon*")) {
            // some drivers put their files in the device's directory instead
            for (Path dir : List.of(hwmon, hwmon.resolve("device"))) {
                String chip = text(hwmon.resolve("name")).orElse(text(dir.resolve("name")).orElse(""));
                for (String base : bases(dir, "temp", "_input")) {
                    Optional<Long> input = number(dir.resolve(base + "_input"));
                    if (input.isEmpty()) continue;
                    out.add(new SensorTemperature(chip, text(dir.resolve(base + "_label")).orElse(""), input.get() / 1000.0,
                            milli(dir.resolve(base + "_max")), milli(dir.resolve(base + "_crit"))));
                }
            }
        }
        if (!out.isEmpty()) return out;
        for (Path zone : list(sys.sysRoot().resolve("class/thermal"), "thermal_zone*")) {
            Optional<Long> temp = number(zone.resolve("temp"));
            Optional<String> type = text(zone.resolve("type"));
            if (temp.isEmpty() || type.isEmpty()) continue;
            Double high = null, critical = null;
            for (Path trip : list(zone, "trip_point_*_type")) {
                String kind = text(trip).orElse("");
                String name = trip.getFileName().toString();
                Double t = milli(zone.resolve(name.substring(0, name.length() - "type".length()) + "temp"));
                if (kind.equals("critical")) critical = t;
                else if (kind.equals("high")) high = t;
            }
            out.add(new SensorTemperature(type.get(), "", temp.get() / 1000.0, high, critical));
        }
        return out;
    }

    List<SensorFan> fans() {
        List<SensorFan> out = new ArrayList<>();
        for (Path hwmon : list(sys.sysRoot().resolve("class/hwmon"), "hwmon*")) {
            String chip = text(hwmon.resolve("name")).orElse("");
            for (String base : bases(hwmon, "fan", "_input")) {
                Optional<Long> rpm = number(hwmon.resolve(base + "_input"));
                rpm.ifPresent(r -> out.add(new SensorFan(chip, text(hwmon.resolve(base + "_label")).orElse(""), r)));
            }
        }
        return out;
    }

    /** The first power supply named BAT* or *battery*; empty where there is none or it tells no charge. */
    Optional<Battery> battery() {
        Path supplies = sys.sysRoot().resolve("class/power_supply");
        Optional<Path> found = list(supplies, "*").stream().filter(p -> {
            String n = p.getFileName().toString();
            return n.startsWith("BAT") || n.toLowerCase(java.util.Locale.ROOT).contains("battery");
        }).findFirst();
        if (found.isEmpty()) return Optional.empty();
        Path bat = found.get();
        Optional<Long> energyNow = number(bat.resolve("energy_now")).or(() -> number(bat.resolve("charge_now")));
        Optional<Long> full = number(bat.resolve("energy_full")).or(() -> number(bat.resolve("charge_full")));
        Optional<Long> capacity = number(bat.resolve("capacity"));
        double percent;
        if (energyNow.isPresent() && full.isPresent() && full.get() > 0)
            percent = Math.min(100.0, Math.max(0.0, energyNow.get() * 100.0 / full.get()));
        else if (capacity.isPresent()) percent = capacity.get();
        else return Optional.empty();
        Boolean plugged = null;
        for (Path ac : list(supplies, "A*")) {
            Optional<Long> online = number(ac.resolve("online"));
            if (online.isPresent()) {
                plugged = online.get() == 1;
                break;
            }
        }
        if (plugged == null) {
            String status = text(bat.resolve("status")).orElse("").toLowerCase(java.util.Locale.ROOT);
            if (status.equals("charging") || status.equals("full")) plugged = true;
            else if (status.equals("discharging")) plugged = false;
        }
        long secsleft = Battery.POWER_TIME_UNKNOWN;
        if (Boolean.TRUE.equals(plugged)) {
            secsleft = Battery.POWER_TIME_UNLIMITED;
        } else if (energyNow.isPresent()) {
            Optional<Long> rate = number(bat.resolve("power_now")).or(() -> number(bat.resolve("current_now")));
            if (rate.isPresent() && rate.get() > 0) secsleft = energyNow.get() * 3600 / rate.get();
        }
        return Optional.of(new Battery(percent, secsleft, plugged));
    }

    /** The distinct {@code <prefix>N} stems that have a {@code <prefix>N<suffix>} file, in order. */
    private static List<String> bases(Path dir, String prefix, String suffix) {
        TreeSet<String> out = new TreeSet<>((a, b) -> {
            long x = ParseError.plainDigits(a, prefix.length(), a.length());
            long y = ParseError.plainDigits(b, prefix.length(), b.length());
            return x != y ? Long.compare(x, y) : a.compareTo(b);
        });
        for (Path p : list(dir, prefix + "*" + suffix)) {
            String n = p.getFileName().toString();
            out.add(n.substring(0, n.length() - suffix.length()));
        }
        return List.copyOf(out);
    }

    private static List<Path> list(Path dir, String glob) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
            for (Path p : ds) out.add(p);
        } catch (IOException e) {
            return out; // none here
        }
        out.sort(null);
        return out;
    }

    private static Optional<String> text(Path p) {
        try {
            return Optional.of(ProcFiles.readString(p).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> number(Path p) {
        Optional<String> t = text(p);
        if (t.isEmpty()) return Optional.empty();
        String s = t.get();
        boolean negative = s.startsWith("-");
        long v = ParseError.plainDigits(s, negative ? 1 : 0, s.length());
        return v < 0 ? Optional.empty() : Optional.of(negative ? -v : v);
    }

    private static Double milli(Path p) {
        return number(p).map(v -> v / 1000.0).orElse(null);
    }
}
