package io.callrobot.esl;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.handler.ipfilter.RuleBasedIpFilter;
import java.net.InetSocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes connections from peers outside the configured IPs/CIDRs, logging each rejection. */
@ChannelHandler.Sharable
final class AllowListFilter extends RuleBasedIpFilter {

    private static final Logger LOG = LoggerFactory.getLogger(AllowListFilter.class);

    AllowListFilter(List<String> allowFrom) {
        super(false, rules(allowFrom));
    }

    private static IpSubnetFilterRule[] rules(List<String> allowFrom) {
        IpSubnetFilterRule[] rules = new IpSubnetFilterRule[allowFrom.size()];
        for (int i = 0; i < rules.length; i++) {
            String entry = allowFrom.get(i).trim();
            try {
                rules[i] = entry.contains("/")
                        ? new IpSubnetFilterRule(entry, IpFilterRuleType.ACCEPT)
                        : new IpSubnetFilterRule(entry, entry.contains(":") ? 128 : 32, IpFilterRuleType.ACCEPT);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("invalid allowFrom entry (IP or CIDR expected): " + entry, e);
            }
        }
        return rules;
    }

    @Override
    protected ChannelFuture channelRejected(ChannelHandlerContext ctx, InetSocketAddress remoteAddress) {
        LOG.warn("rejected ESL connection from {}: not in allowFrom", remoteAddress);
        return null;
    }
}
