package io.kekbit.spring.cloud.stream.binder;

import java.util.regex.Pattern;

/**
 * Checks consumer group names: a group becomes a durable reader name and a lock file name. Thread-safe (stateless).
 */
final class GroupNames
{
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private GroupNames()
    {
    }

    /**
     * Checks a group name.
     *
     * @param group       the group.
     * @param bindingName the binding, for the error.
     * @return the group.
     * @throws KekbitBinderException when it is not 1 to 64 characters of A-Z a-z 0-9 _ -.
     */
    static String check(final String group, final String bindingName)
    {
        if (!VALID.matcher(group).matches() || group.startsWith("anonymous-"))
        {
            throw new KekbitBinderException("spring.cloud.stream.bindings." + bindingName + ".group", "'" + group +
                "' cannot name a kekbit consumer group: it becomes a file name (the group's durable position and " +
                "lock), and names starting with 'anonymous-' belong to anonymous consumers.",
                "Use 1 to 64 characters of A-Z a-z 0-9 _ - that do not start with 'anonymous-'.", null);
        }
        return group;
    }
}
