package io.callrobot.nls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PopSignatureTest {

    @Test
    void reproducesThePublishedSignatureExample() {
        // the worked example of the Alibaba Cloud "Signature method" page (ECS DescribeRegions,
        // AccessKey testid / testsecret), published signature CT9X0VtwR86fNWSnsc6v8YGOjuE=
        TreeMap<String, String> parameters = new TreeMap<>();
        parameters.put("TimeStamp", "2016-02-23T12:46:24Z");
        parameters.put("Format", "XML");
        parameters.put("AccessKeyId", "testid");
        parameters.put("Action", "DescribeRegions");
        parameters.put("SignatureMethod", "HMAC-SHA1");
        parameters.put("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf");
        parameters.put("Version", "2014-05-26");
        parameters.put("SignatureVersion", "1.0");

        assertThat(PopSignature.stringToSign("GET", PopSignature.canonicalQuery(parameters))).isEqualTo(
                "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1"
                        + "%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0"
                        + "%26TimeStamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26");
        assertThat(PopSignature.sign("GET", parameters, "testsecret")).isEqualTo("CT9X0VtwR86fNWSnsc6v8YGOjuE=");
    }

    @Test
    void percentEncodesAsPopRequires() {
        assertThat(PopSignature.percentEncode("a b*c~d-e_f.g")).isEqualTo("a%20b%2Ac~d-e_f.g");
        assertThat(PopSignature.percentEncode("x+y/z=&:")).isEqualTo("x%2By%2Fz%3D%26%3A");
        assertThat(PopSignature.percentEncode("语")).isEqualTo("%E8%AF%AD");
    }
}
