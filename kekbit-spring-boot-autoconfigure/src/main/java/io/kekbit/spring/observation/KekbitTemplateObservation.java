package io.kekbit.spring.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observation of a {@link io.kekbit.spring.core.KekbitTemplate} send, named {@code kekbit.template}, switched on
 * by {@code kekbit.template.observation-enabled=true}. It covers writing one record (the envelope's headers
 * included); converting an object to bytes happens before it. Thread-safe (constants).
 */
public enum KekbitTemplateObservation implements ObservationDocumentation
{
    /** A record sent through the template. */
    TEMPLATE_OBSERVATION
    {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention()
        {
            return DefaultKekbitTemplateObservationConvention.class;
        }

        @Override
        public String getPrefix()
        {
            return "kekbit.template";
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames()
        {
            return TemplateLowCardinalityTags.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames()
        {
            return TemplateHighCardinalityTags.values();
        }
    };

    /** Low cardinality keys of {@link #TEMPLATE_OBSERVATION}: a bounded set of values, fit for meter tags. */
    public enum TemplateLowCardinalityTags implements KeyName
    {
        /** Messaging system: always {@code kekbit}. */
        MESSAGING_SYSTEM
        {
            @Override
            public String asString()
            {
                return "messaging.system";
            }
        },

        /** Messaging operation: always {@code publish}. */
        MESSAGING_OPERATION
        {
            @Override
            public String asString()
            {
                return "messaging.operation";
            }
        },

        /** Name of the writer the record was sent to (a key of {@code kekbit.writers}, or a Writer bean name). */
        MESSAGING_DESTINATION_NAME
        {
            @Override
            public String asString()
            {
                return "messaging.destination.name";
            }
        },

        /** Kind of destination: {@code channel}, or {@code journal} for a rolling writer. */
        MESSAGING_DESTINATION_KIND
        {
            @Override
            public String asString()
            {
                return "messaging.destination.kind";
            }
        },

        /** Channel id (journal id for a rolling writer), in decimal. */
        CHANNEL_ID
        {
            @Override
            public String asString()
            {
                return "kekbit.channel.id";
            }
        }
    }

    /** High cardinality keys of {@link #TEMPLATE_OBSERVATION}: one value per record, for spans only. */
    public enum TemplateHighCardinalityTags implements KeyName
    {
        /** Data position of the record in its channel (journal position for a rolling writer); absent on failure. */
        RECORD_POSITION
        {
            @Override
            public String asString()
            {
                return "kekbit.record.position";
            }
        },

        /** Payload size in bytes, envelope headers excluded. */
        MESSAGING_MESSAGE_BODY_SIZE
        {
            @Override
            public String asString()
            {
                return "messaging.message.body.size";
            }
        }
    }
}
