package io.github.jpsutil;

import io.github.jpsutil.Metric.Column;
import io.github.jpsutil.Metric.Table;
import io.github.jpsutil.Metric.Type;
import io.github.jpsutil.Metric.Unit;

import java.util.List;
import java.util.function.Function;

/** Sensors (temperatures, fans, battery) and logged-in users: a part of {@link SystemMetrics#ALL}. */
final class SensorMetrics {
    private static final Table<SensorTemperature> TEMPERATURES = new Table<>("jpsutil.Temperature",
            "A temperature sensor", "label", List.of(
            new Column<>("chip", "chip", Type.STRING, "The chip or thermal zone (psutil's key)", SensorTemperature::chip),
            new Column<>("label", "label", Type.STRING, "The sensor's label; empty where it has none", SensorTemperature::label),
            new Column<>("current", "celsius", Type.DOUBLE, "Degrees Celsius now", SensorTemperature::current),
            new Column<>("high", "highCelsius", Type.DOUBLE, "High threshold; empty where none", SensorTemperature::high),
            new Column<>("critical", "criticalCelsius", Type.DOUBLE, "Critical threshold; empty where none",
                    SensorTemperature::critical)));

    private static final Table<SensorFan> FANS = new Table<>("jpsutil.Fan", "A fan", "label", List.of(
            new Column<>("chip", "chip", Type.STRING, "The chip (psutil's key)", SensorFan::chip),
            new Column<>("label", "label", Type.STRING, "The fan's label; empty where it has none", SensorFan::label),
            new Column<>("current", "rpm", Type.LONG, "Revolutions per minute", SensorFan::current)));

    private static final Table<User> USERS = new Table<>("jpsutil.User", "A logged-in user", "terminal", List.of(
            new Column<>("name", "name", Type.STRING, "User name", User::name),
            new Column<>("terminal", "terminal", Type.STRING, "Terminal", User::terminal),
            new Column<>("host", "host", Type.STRING, "Remote host; empty for a local login", User::host),
            new Column<>("started", "startedSeconds", Type.DOUBLE, "Login time, seconds since the epoch", User::started),
            new Column<>("pid", "pid", Type.LONG, "The session's process", User::pid)));

    // chips name their sensors without making them unique (two "Core 0" on two sockets): JSON only
    static final List<Metric<SystemView>> ALL = Metric.flatten(
            Metric.<SystemView>of("sensors_temperatures", null, Type.TABLE, SystemView::sensorsTemperatures)
                    .table(TEMPERATURES).describe("Temperature sensors, one row each (psutil's sensors_temperatures())").done(),
            Metric.<SystemView>of("sensors_fans", null, Type.TABLE, SystemView::sensorsFans).table(FANS)
                    .describe("Fans, one row each (psutil's sensors_fans())").done(),
            battery("percent", "BatteryPercent", "Battery charge, 0-100", Type.DOUBLE, Unit.PERCENT, Battery::percent,
                    "jpsutil_system_battery_ratio"),
            battery("secsleft", "BatterySecondsLeft",
                    "Seconds of battery left; -2 on mains power, -1 when unknown (psutil's POWER_TIME_*)", Type.LONG,
                    Unit.SECONDS, Battery::secsleft, "jpsutil_system_battery_seconds_left"),
            battery("power_plugged", "BatteryPowerPlugged", "1 on mains power, 0 on battery", Type.INTEGER, Unit.NONE,
                    b -> b.powerPlugged() == null ? null : b.powerPlugged() ? 1 : 0, "jpsutil_system_battery_power_plugged"),
            Metric.<SystemView>of("users", null, Type.TABLE, SystemView::users).table(USERS)
                    .describe("Users logged in (psutil's users()), one row per session").done());

    private SensorMetrics() {
    }

    /** A field of the battery; empty (psutil's None) where the machine has none. */
    private static Metric<SystemView> battery(String field, String attribute, String what, Type type, Unit unit,
                                              Function<Battery, Object> f, String prometheus) {
        return Metric.<SystemView>of("sensors_battery", field, type, s -> {
            Battery b = s.sensorsBattery();
            return b == null ? null : f.apply(b);
        }).mbean(attribute, what + "; empty where the machine has no battery").unit(unit).prometheus(prometheus).done();
    }
}
