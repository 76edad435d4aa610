package io.kekbit.spring.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observation of one delivery of a record to a {@code @KekbitListener} method, named {@code kekbit.listener},
 * switched on by {@code kekbit.listener.observation-enabled=true}. Each delivery attempt is one observation: a
 * record retried by the error handler gives several, the failed ones carrying the listener's exception. Decoding
 * the envelope and converting the payload are inside it. A batch listener gets one observation per delivery of a
 * batch (retries included), with the {@code messaging.batch.message_count} key, its position that of the batch's
 * first record; the records are converted while the poll collects them, before the observation starts.
 * Thread-safe (constants).
 */
public enum KekbitListenerObservation implements ObservationDocumentation
{
    /** A record delivered to a listener, or a batch delivered to a batch listener. */
    LISTENER_OBSERVATION
    {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention()
        {
            return DefaultKekbitListenerObservationConvention.class;
        }

        @Override
        public String getPrefix()
        {
            return "kekbit.listener";
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames()
        {
            return ListenerLowCardinalityTags.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames()
        {
            return ListenerHighCardinalityTags.values();
        }
    };

    /** Low cardinality keys of {@link #LISTENER_OBSERVATION}: a bounded set of values, fit for meter tags. */
    public enum ListenerLowCardinalityTags implements KeyName
    {
        /** Listener id. */
        LISTENER_ID
        {
            @Override
            public String asString()
            {
                return "kekbit.listener.id";
            }
        },

        /** Messaging system: always {@code kekbit}. */
        MESSAGING_SYSTEM
        {
            @Override
            public String asString()
            {
                return "messaging.system";
            }
        },

        /** Messaging operation: always {@code receive}. */
        MESSAGING_OPERATION
        {
            @Override
            public String asString()
            {
                return "messaging.operation";
            }
        },

        /** Channel the listener reads: its {@code channel} attribute (a reader or writer name, or an id). */
        MESSAGING_SOURCE_NAME
        {
            @Override
            public String asString()
            {
                return "messaging.source.name";
            }
        },

        /** Kind of source: {@code channel}, or {@code journal} for a rolling journal. */
        MESSAGING_SOURCE_KIND
        {
            @Override
            public String asString()
            {
                return "messaging.source.kind";
            }
        },

        /** Channel id (journal id for a journal), in decimal. */
        CHANNEL_ID
        {
            @Override
            public String asString()
            {
                return "kekbit.channel.id";
            }
        }
    }

    /** High cardinality keys of {@link #LISTENER_OBSERVATION}: one value per record, for spans only. */
    public enum ListenerHighCardinalityTags implements KeyName
    {
        /** Data position of the record (journal position for a journal). */
        RECORD_POSITION
        {
            @Override
            public String asString()
            {
                return "kekbit.record.position";
            }
        },

        /**
         * Payload size in bytes, envelope headers excluded (the whole record on a raw channel), summed over the
         * records of a batch.
         */
        MESSAGING_MESSAGE_BODY_SIZE
        {
            @Override
            public String asString()
            {
                return "messaging.message.body.size";
            }
        },

        /** Number of records of a batch delivery; only on a batch listener's observations. */
        MESSAGING_BATCH_MESSAGE_COUNT
        {
            @Override
            public String asString()
            {
                return "messaging.batch.message_count";
            }
        }
    }
}
