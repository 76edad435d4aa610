package io.kekbit.spring.cloud.stream.binder;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.DisposableBean;

/**
 * The consumer-group locks this binder holds, so that the startup check ({@link KekbitBindingStartupCheck}) and the
 * consumer that later reads the journal share one lock instead of racing for it. Thread-safe (synchronized).
 */
public final class GroupLocks implements DisposableBean
{
    private final Map<Path, GroupLock> held = new HashMap<>();
    /** Locks a running consumer uses (the others were taken ahead by the startup check). */
    private final Set<Path> claimed = new HashSet<>();

    /**
     * Takes a group's lock on a journal ahead of its consumer (the startup check); a no-op when already held.
     *
     * @param root     root folder.
     * @param id       journal (or channel) id.
     * @param journal  journal name, for the error.
     * @param group    group name.
     * @param property the property that puts this consumer in the group, for the error.
     * @throws KekbitBinderException when another process holds the lock.
     */
    public synchronized void reserve(final Path root, final long id, final String journal, final String group,
        final String property)
    {
        lock(root, id, journal, group, property);
    }

    /**
     * Takes (or claims the reserved) lock of a group on a journal for a running consumer.
     *
     * @param root     root folder.
     * @param id       journal (or channel) id.
     * @param journal  journal name, for the error.
     * @param group    group name.
     * @param property the property that puts this consumer in the group, for the error.
     * @throws KekbitBinderException when another consumer of the group, in this or another process, holds it.
     */
    public synchronized void acquire(final Path root, final long id, final String journal, final String group,
        final String property)
    {
        final Path path = lock(root, id, journal, group, property);
        if (!claimed.add(path))
        {
            throw new KekbitBinderException(property, "consumer group '" + group + "' already reads '" + journal +
                "' in another binding of this application. A kekbit journal is read by one consumer per group.",
                "Give one of the two bindings another group, or consume the destination in one binding.", null);
        }
    }

    private Path lock(final Path root, final long id, final String journal, final String group,
        final String property)
    {
        final Path path = GroupLock.path(root, id, group);
        if (held.containsKey(path))
        {
            return path;
        }
        final GroupLock lock = GroupLock.tryAcquire(root, id, group);
        if (lock == null)
        {
            throw new KekbitBinderException(property, "consumer group '" + group + "' already reads '" + journal +
                "' in another running instance (it holds " + path + "). A kekbit journal is read by one consumer " +
                "per group; two instances of the group on it would each get every record, not share them.",
                "To share a destination among instances of one group, partition it: on the producer set " +
                "spring.cloud.stream.bindings.<output>.producer.partition-count=N and partition-key-expression, on " +
                "each consumer instance set spring.cloud.stream.bindings.<input>.consumer.partitioned=true, " +
                "instance-count=N and its own instance-index (0 to N-1). Otherwise stop the other instance, or give " +
                "this one another group.", null);
        }
        held.put(path, lock);
        return path;
    }

    /**
     * Releases the lock of a group on a journal, if held.
     *
     * @param root  root folder.
     * @param id    journal (or channel) id.
     * @param group group name.
     */
    public synchronized void release(final Path root, final long id, final String group)
    {
        final Path path = GroupLock.path(root, id, group);
        claimed.remove(path);
        final GroupLock lock = held.remove(path);
        if (lock != null)
        {
            lock.close();
        }
    }

    /** Releases every held lock. */
    @Override
    public synchronized void destroy()
    {
        held.values().forEach(GroupLock::close);
        held.clear();
        claimed.clear();
    }
}
