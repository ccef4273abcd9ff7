package io.callrobot.esl.inbound.originate;

import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/** A campaign's caller numbers, handed out in turn so calls spread over them. Thread-safe. */
public final class CallerIdPool {

    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{1,32}");

    private final List<String> numbers;
    private final AtomicLong turn = new AtomicLong();

    /** @throws IllegalArgumentException naming the first number that is not digits (with an optional +), or a repeat */
    public CallerIdPool(List<String> numbers) {
        if (numbers.isEmpty()) {
            throw new IllegalArgumentException("callerIds: at least one caller number is needed");
        }
        HashSet<String> seen = new HashSet<>();
        for (String number : numbers) {
            if (number == null || !NUMBER.matcher(number).matches()) {
                throw new IllegalArgumentException("callerIds: '" + number + "' is not a phone number (digits, optionally +)");
            }
            if (!seen.add(number)) {
                throw new IllegalArgumentException("callerIds: " + number + " is listed twice");
            }
        }
        this.numbers = List.copyOf(numbers);
    }

    /** The next number, round robin. */
    public String next() {
        return numbers.get((int) Math.floorMod(turn.getAndIncrement(), (long) numbers.size()));
    }

    public List<String> numbers() {
        return numbers;
    }
}
