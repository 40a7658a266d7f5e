package io.github.jpsutil;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Sensors and users on fixture /sys and /run trees (this machine has neither), and on an empty one. */
class FakeSensorsTest {
    @TempDir
    Path dir;

    @Test
    void hwmonTemperaturesWithLabelsAndThresholdsAndFans() {
        FakeProc f = new FakeProc(dir);
        Path hw0 = f.sys.resolve("class/hwmon/hwmon0");
        FakeProc.write(hw0.resolve("name"), "coretemp\n");
        FakeProc.write(hw0.resolve("temp1_input"), "45000\n");
        FakeProc.write(hw0.resolve("temp1_label"), "Package id 0\n");
        FakeProc.write(hw0.resolve("temp1_max"), "80000\n");
        FakeProc.write(hw0.resolve("temp1_crit"), "100000\n");
        FakeProc.write(hw0.resolve("temp10_input"), "41500\n"); // temp10 sorts after temp2
        FakeProc.write(hw0.resolve("temp2_input"), "43000\n");
        FakeProc.write(hw0.resolve("temp2_label"), "Core 0\n");
        Path hw1 = f.sys.resolve("class/hwmon/hwmon1");
        FakeProc.write(hw1.resolve("name"), "thinkpad\n");
        FakeProc.write(hw1.resolve("fan1_input"), "2900\n");
        FakeProc.write(hw1.resolve("device/temp1_input"), "-5000\n"); // in the device's directory
        Psutil ps = f.psutil();
        assertThat(ps.sensorsTemperatures()).containsExactly(
                new SensorTemperature("coretemp", "Package id 0", 45.0, 80.0, 100.0),
                new SensorTemperature("coretemp", "Core 0", 43.0, null, null),
                new SensorTemperature("coretemp", "", 41.5, null, null),
                new SensorTemperature("thinkpad", "", -5.0, null, null));
        assertThat(ps.sensorsFans()).containsExactly(new SensorFan("thinkpad", "", 2900));
    }

    @Test
    void thermalZonesWhereHwmonHasNone() {
        FakeProc f = new FakeProc(dir);
        Path z = f.sys.resolve("class/thermal/thermal_zone0");
        FakeProc.write(z.resolve("type"), "acpitz\n");
        FakeProc.write(z.resolve("temp"), "27800\n");
        FakeProc.write(z.resolve("trip_point_0_type"), "critical\n");
        FakeProc.write(z.resolve("trip_point_0_temp"), "105000\n");
        FakeProc.write(z.resolve("trip_point_1_type"), "high\n");
        FakeProc.write(z.resolve("trip_point_1_temp"), "90000\n");
        assertThat(f.psutil().sensorsTemperatures()).containsExactly(new SensorTemperature("acpitz", "", 27.8, 90.0, 105.0));
    }

    @Test
    void batteryOnBatteryAndOnMains() {
        FakeProc f = new FakeProc(dir);
        Path bat = f.sys.resolve("class/power_supply/BAT0");
        FakeProc.write(bat.resolve("energy_now"), "30000000\n");
        FakeProc.write(bat.resolve("energy_full"), "60000000\n");
        FakeProc.write(bat.resolve("power_now"), "15000000\n");
        FakeProc.write(bat.resolve("status"), "Discharging\n");
        FakeProc.write(f.sys.resolve("class/power_supply/AC/online"), "0\n");
        Psutil ps = f.psutil();
        assertThat(ps.sensorsBattery()).contains(new Battery(50.0, 7200, false));
        FakeProc.write(f.sys.resolve("class/power_supply/AC/online"), "1\n");
        assertThat(ps.sensorsBattery()).contains(new Battery(50.0, Battery.POWER_TIME_UNLIMITED, true));
    }

    @Test
    void aSysRootWithoutSensorsGivesEmptyResultsNotErrors() {
        Psutil ps = new FakeProc(dir).psutil();
        assertThat(ps.sensorsTemperatures()).isEmpty();
        assertThat(ps.sensorsFans()).isEmpty();
        assertThat(ps.sensorsBattery()).isEmpty();
        assertThat(ps.users()).isEmpty();
        Map<String, Object> d = SystemMetrics.asDict(ps.oneshot(), Set.of("sensors_temperatures", "sensors_fans",
                "sensors_battery", "users"));
        assertThat(d).containsEntry("sensors_temperatures", java.util.List.of()).containsEntry("users", java.util.List.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> battery = (Map<String, Object>) d.get("sensors_battery");
        assertThat(battery).containsEntry("percent", null);
    }

    @Test
    void usersFromTheUtmpBesideTheProcRoot() {
        FakeProc f = new FakeProc(dir);
        FakeProc.write(dir.resolve("run/utmp"), io.github.jpsutil.linux.Samples.bytes("utmp-debian12-utmpdump.bin"));
        assertThat(f.psutil().users()).extracting(User::name).containsExactly("alice", "bob", "carol");
    }
}
