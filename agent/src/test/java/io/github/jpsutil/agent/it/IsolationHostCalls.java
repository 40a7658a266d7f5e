package io.github.jpsutil.agent.it;

import java.lang.reflect.Method;

/**
 * What IsolationIT's host does with its own Byte Buddy, through reflection so that the test
 * classes compile without it: defines a subclass of Object whose toString is a fixed value, loads
 * it, and calls it.
 */
final class IsolationHostCalls {
    private IsolationHostCalls() {
    }

    static String byteBuddyToString() throws Exception {
        ClassLoader app = ClassLoader.getSystemClassLoader();
        Class<?> byteBuddy = Class.forName("net.bytebuddy.ByteBuddy", true, app);
        Class<?> builderType = Class.forName("net.bytebuddy.dynamic.DynamicType$Builder", true, app);
        Class<?> implementation = Class.forName("net.bytebuddy.implementation.Implementation", true, app);
        Class<?> matchers = Class.forName("net.bytebuddy.matcher.ElementMatchers", true, app);
        Class<?> matcher = Class.forName("net.bytebuddy.matcher.ElementMatcher", true, app);
        Class<?> fixedValue = Class.forName("net.bytebuddy.implementation.FixedValue", true, app);
        Class<?> unloaded = Class.forName("net.bytebuddy.dynamic.DynamicType$Unloaded", true, app);
        Class<?> loaded = Class.forName("net.bytebuddy.dynamic.DynamicType$Loaded", true, app);

        Object bb = byteBuddy.getConstructor().newInstance();
        Object builder = byteBuddy.getMethod("subclass", Class.class).invoke(bb, Object.class);
        Object named = matchers.getMethod("named", String.class).invoke(null, "toString");
        Object interception = builderType.getMethod("method", matcher).invoke(builder, named);
        Object value = fixedValue.getMethod("value", Object.class).invoke(null, "made by Byte Buddy");
        Method intercept = Class.forName("net.bytebuddy.dynamic.DynamicType$Builder$MethodDefinition$ImplementationDefinition",
                true, app).getMethod("intercept", implementation);
        Object defined = intercept.invoke(interception, value);
        Object made = builderType.getMethod("make").invoke(defined);
        Object load = unloaded.getMethod("load", ClassLoader.class).invoke(made, app);
        Class<?> type = (Class<?>) loaded.getMethod("getLoaded").invoke(load);
        return type.getConstructor().newInstance().toString().replace(' ', '_');
    }
}
