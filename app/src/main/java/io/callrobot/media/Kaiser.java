package io.callrobot.media;

/** The Kaiser window that shapes the resamplers' windowed-sinc filters. */
final class Kaiser {

    private Kaiser() {
    }

    /** The window with shape {@code beta} at {@code r}, the position from the centre (0) to either end (±1). */
    static double window(double beta, double r) {
        return besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / besselI0(beta);
    }

    /** Modified Bessel function of the first kind, order 0, by its power series. */
    private static double besselI0(double x) {
        double term = 1;
        double sum = 1;
        double half = x / 2;
        for (int k = 1; k < 50 && term > 1e-12 * sum; k++) {
            term *= (half / k) * (half / k);
            sum += term;
        }
        return sum;
    }
}
