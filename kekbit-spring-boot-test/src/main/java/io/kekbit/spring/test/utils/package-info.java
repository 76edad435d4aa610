/**
 * Reading what an application wrote, in tests: {@link io.kekbit.spring.test.utils.KekbitRecords} reads every record
 * of a channel or rolling journal, or waits for records with a timeout, through the core's readers;
 * {@link io.kekbit.spring.test.utils.KekbitRecord} is one record copied out of the mapped file.
 */
package io.kekbit.spring.test.utils;
