package io.callrobot.campaign.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.callrobot.campaign.phone.PhoneNumber;
import org.junit.jupiter.api.Test;

class PhoneSetTest {

    @Test
    void remembersEveryNumberThroughGrowth() {
        PhoneSet set = new PhoneSet();
        for (long n = 0; n < 50_000; n++) {
            assertThat(set.add(PhoneNumber.parse(Long.toString(13_800_000_000L + n)))).isTrue();
        }
        for (long n = 0; n < 50_000; n += 7) {
            assertThat(set.add(PhoneNumber.parse("+86" + (13_800_000_000L + n)))).isFalse();
        }
        assertThat(set.size()).isEqualTo(50_000);
    }

    @Test
    void kindsNeverCollide() {
        PhoneSet set = new PhoneSet();
        // the same digits in a landline (trunk 0 dropped) and an international number
        assertThat(set.add(PhoneNumber.parse("075512345678"))).isTrue();
        assertThat(set.add(PhoneNumber.parse("+75512345678"))).isTrue();
        assertThat(set.add(PhoneNumber.parse("+8675512345678"))).isFalse();
        assertThat(set.size()).isEqualTo(2);
    }
}
