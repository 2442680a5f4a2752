using PiVault.Ml.Faces;
using PiVault.Ml.Models;
using PiVault.Ml.Ocr;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Ml.Faces;

/// <summary>YuNet and SCRFD on the corpus' labelled face photos through the real ONNX Runtime, at preview size.</summary>
public sealed class FaceDetectionTests : IDisposable
{
    private readonly string root = TempDir.Create();
    private readonly ModelLibrary library;

    public FaceDetectionTests() => library = CorpusFaces.Library(root);

    public void Dispose()
    {
        library.Dispose();
        TempDir.Delete(root);
    }

    private YuNetDetector YuNet(FaceDetectorSettings? settings = null) => new(library, MlTestModels.YuNet, settings ?? new FaceDetectorSettings());

    [Fact]
    public void YuNet_finds_every_labelled_face_with_its_landmarks_inside_its_box()
    {
        foreach (var (path, people) in CorpusFaces.Labelled)
        {
            var photo = CorpusFaces.Photo(path);
            var faces = YuNet().Detect(photo);

            Assert.True(faces.Count == people.Length, $"{path}: {faces.Count} faces found, {people.Length} labelled");
            foreach (var face in faces)
            {
                Assert.InRange(face.Score, 0.7f, 1f);
                Assert.True(face.Box.Width >= 20 && face.Box.X1 > -face.Box.Width / 4 && face.Box.X2 < photo.Width + (face.Box.Width / 4), $"{path}: box {face.Box}");
                // Within the box, give or take a tenth of it (a profile's eye sits on the box's edge).
                var (mx, my) = (face.Box.Width / 10, face.Box.Height / 10);
                Assert.All(face.Landmarks, p => Assert.True(p.X > face.Box.X1 - mx && p.X < face.Box.X2 + mx && p.Y > face.Box.Y1 - my && p.Y < face.Box.Y2 + my, $"{path}: {p} outside {face.Box}"));
                // The eyes above the nose, the nose above the mouth, the left eye left of the right eye.
                Assert.True(face.Landmarks[0].X < face.Landmarks[1].X && face.Landmarks[0].Y < face.Landmarks[2].Y && face.Landmarks[2].Y < face.Landmarks[3].Y, path);
            }
        }
    }

    [Fact]
    public void A_group_photo_yields_each_face_once()
    {
        var faces = YuNet().Detect(CorpusFaces.Photo("face_recognition/obama_and_biden.jpg"));

        Assert.Equal(3, faces.Count); // Biden, Obama, and the girl half hidden in front of them
        Assert.All(faces.SelectMany((a, i) => faces.Skip(i + 1).Select(b => a.Box.IoU(b.Box))), iou => Assert.Equal(0f, iou));
        Assert.True(faces[0].Score >= faces[1].Score && faces[1].Score >= faces[2].Score);
    }

    [Fact]
    public void Photos_without_faces_yield_none()
    {
        foreach (var path in CorpusFaces.Faceless)
        {
            Assert.Empty(YuNet().Detect(CorpusFaces.Photo(path)));
        }
    }

    [Fact]
    public void The_minimum_score_and_face_size_are_honoured()
    {
        var photo = CorpusFaces.Photo("face_recognition/two_people.jpg");
        var all = YuNet(new FaceDetectorSettings { MinScore = 0.5f }).Detect(photo);
        Assert.NotEmpty(all);

        var sure = YuNet(new FaceDetectorSettings { MinScore = all.Max(f => f.Score) + 0.001f }).Detect(photo);
        var large = YuNet(new FaceDetectorSettings { MinScore = 0.5f, MinFaceSize = all.Max(f => Math.Min(f.Box.Width, f.Box.Height)) + 1 }).Detect(photo);

        Assert.Empty(sure);
        Assert.Empty(large);
    }

    [Fact]
    public void Scrfd_decodes_the_same_faces_as_YuNet_on_the_real_buffalo_s_detector()
    {
        var scrfd = new ScrfdDetector(library, new ModelPart(CorpusFaces.ScrfdModel, "model.onnx"), new FaceDetectorSettings());
        foreach (var path in new[] { "face_recognition/obama_and_biden.jpg", "face_recognition/biden.jpg", "skimage/astronaut.png" })
        {
            var photo = CorpusFaces.Photo(path);
            var expected = YuNet().Detect(photo).OrderBy(f => f.Box.X1).ToList();
            var found = scrfd.Detect(photo).OrderBy(f => f.Box.X1).ToList();

            Assert.Equal(expected.Count, found.Count);
            foreach (var (a, b) in expected.Zip(found))
            {
                Assert.True(a.Box.IoU(b.Box) > 0.6f, $"{path}: YuNet {a.Box} vs SCRFD {b.Box}");
                var eyes = (a.Landmarks[1] - a.Landmarks[0]).Length();
                Assert.All(a.Landmarks.Zip(b.Landmarks), p => Assert.True((p.First - p.Second).Length() < eyes / 3, $"{path}: landmark {p.First} vs {p.Second}"));
            }
        }
        Assert.Empty(scrfd.Detect(CorpusFaces.Photo(CorpusFaces.Faceless[0])));
    }

    [Fact]
    public void A_model_that_is_not_YuNet_is_reported_unavailable()
    {
        var wrong = new YuNetDetector(library, new ModelPart(CorpusFaces.ScrfdModel, "model.onnx"), new FaceDetectorSettings());
        var grey = new RgbFrame(640, 640, Enumerable.Repeat((byte)128, 640 * 640 * 3).ToArray()); // SCRFD's fixed input size

        var error = Assert.Throws<ModelUnavailableException>(() => wrong.Detect(grey));
        Assert.Contains("not a YuNet model", error.Message);
    }
}
