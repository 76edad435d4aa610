package io.kekbit.spring.autoconfigure;

/** Settings of the {@code KekbitTemplate}, {@code kekbit.template.*}. Not thread-safe. */
public class KekbitTemplateProperties
{
    /**
     * Writer that send(Message) and send(Object) without a writer name go to: a key of kekbit.writers or a
     * Writer bean name.
     */
    private String defaultWriter;

    /**
     * Whether every send is a Micrometer observation (kekbit.template); on enveloped writers a trace context
     * travels with the record.
     */
    private boolean observationEnabled = false;

    /**
     * Whether sends are observed.
     *
     * @return true when observed.
     */
    public boolean isObservationEnabled()
    {
        return observationEnabled;
    }

    /**
     * Sets whether sends are observed.
     *
     * @param observationEnabled true to observe.
     */
    public void setObservationEnabled(final boolean observationEnabled)
    {
        this.observationEnabled = observationEnabled;
    }

    /**
     * Writer of sends that name none.
     *
     * @return the writer name, or null.
     */
    public String getDefaultWriter()
    {
        return defaultWriter;
    }

    /**
     * Sets the writer of sends that name none.
     *
     * @param defaultWriter the writer name.
     */
    public void setDefaultWriter(final String defaultWriter)
    {
        this.defaultWriter = defaultWriter;
    }
}
