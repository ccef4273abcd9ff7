/**
 * Contact lists and do-not-call lists from CSV (UTF-8 with or without BOM, or GBK/GB18030 as
 * Chinese Excel saves it) and XLSX files, streamed: rows reach a sink in batches, each rejected
 * row is reported with its line and reason, and memory stays bounded whatever the file's size.
 * {@link io.callrobot.campaign.contacts.ContactImporter} and
 * {@link io.callrobot.campaign.contacts.DncImporter} are the entry points.
 */
package io.callrobot.campaign.contacts;
