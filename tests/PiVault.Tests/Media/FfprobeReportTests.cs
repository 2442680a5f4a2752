using System.Text;
using PiVault.Server.Features.Media;

namespace PiVault.Tests.Media;

/// <summary>Table tests for reading ffprobe's JSON: rotation sources and signs, cover art, zeroed dates, "N/A".</summary>
public sealed class FfprobeReportTests
{
    [Theory]
    [InlineData(""","side_data_list":[{"side_data_type":"Display Matrix","rotation":-90}]""", 90)]
    [InlineData(""","side_data_list":[{"side_data_type":"Display Matrix","rotation":90}]""", 270)]
    [InlineData(""","side_data_list":[{"side_data_type":"Display Matrix","rotation":180}]""", 180)]
    [InlineData(""","side_data_list":[{"side_data_type":"Display Matrix","rotation":-180}]""", 180)]
    [InlineData(""","tags":{"rotate":"90"}""", 90)]
    [InlineData(""","tags":{"rotate":"270"}""", 270)]
    [InlineData(""","tags":{"rotate":"-90"}""", 270)]
    [InlineData("", 0)]
    public void Rotation_is_clockwise_and_swaps_the_displayed_size(string extra, int rotation)
    {
        var video = """{"index":0,"codec_type":"video","codec_name":"h264","width":1920,"height":1080""" + extra + "}";

        var report = Parse("""{"streams":[""" + video + """],"format":{"duration":"2.5"}}""")!;

        Assert.Equal(rotation, report.Info.Rotation);
        Assert.Equal(rotation % 180 == 90 ? (1080, 1920) : (1920, 1080), (report.Info.Width, report.Info.Height));
    }

    [Fact]
    public void Cover_art_is_skipped_for_the_real_video_stream()
    {
        var report = Parse("""
            {"streams":[
              {"index":0,"codec_type":"video","codec_name":"mjpeg","width":600,"height":600,"disposition":{"attached_pic":1}},
              {"index":1,"codec_type":"audio","codec_name":"aac"},
              {"index":2,"codec_type":"video","codec_name":"hevc","pix_fmt":"yuv420p10le","width":3840,"height":2160,"avg_frame_rate":"60000/1001","duration":"12.5","start_time":"0.1"}],
             "format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2","duration":"12.6","tags":{"creation_time":"2024-05-01T10:20:30.000000Z"}}}
            """)!;

        var expected = new VideoInfo(12.6, 3840, 2160, "hevc", 59.94, 0, true, new DateTimeOffset(2024, 5, 1, 10, 20, 30, TimeSpan.Zero))
        {
            StreamIndex = 2,
            PixelFormat = "yuv420p10le",
            AudioCodec = "aac",
            FormatName = "mov,mp4,m4a,3gp,3g2,mj2",
        };
        Assert.Equal(expected, report.Info);
        Assert.Equal((0.1, 12.5), (report.StartSeconds, report.VideoDurationSeconds));
    }

    [Theory]
    [InlineData("1970-01-01T00:00:00.000000Z")]
    [InlineData("1904-01-01T00:00:00.000000Z")]
    [InlineData("not a date")]
    public void Zeroed_or_unreadable_creation_times_are_absent(string value)
    {
        var json = """{"streams":[{"index":0,"codec_type":"video","width":2,"height":2}],"format":{"tags":{"creation_time":"VALUE"}}}""";

        Assert.Null(Parse(json.Replace("VALUE", value, StringComparison.Ordinal))!.Info.CreationTime);
    }

    [Fact]
    public void Unknown_durations_and_rates_are_zero_and_null()
    {
        var info = Parse("""{"streams":[{"index":0,"codec_type":"video","width":2,"height":2,"avg_frame_rate":"0/0","r_frame_rate":"90000/1","duration":"N/A"}],"format":{"duration":"N/A"}}""")!.Info;

        Assert.Equal((0.0, (double?)null, "unknown"), (info.DurationSeconds, info.FrameRate, info.Codec));
    }

    [Theory]
    [InlineData("""{"streams":[{"index":0,"codec_type":"audio"}],"format":{}}""")]
    [InlineData("""{"streams":[{"index":0,"codec_type":"video","width":0,"height":0}]}""")]
    [InlineData("""{}""")]
    public void Files_without_a_picture_stream_have_no_report(string json) => Assert.Null(Parse(json));

    private static FfprobeReport? Parse(string json) => FfprobeReport.Parse(Encoding.UTF8.GetBytes(json));
}
